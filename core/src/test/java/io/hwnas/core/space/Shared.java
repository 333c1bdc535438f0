package io.hwnas.core.space;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Finds a file of the read-only {@code shared/} tree, at {@code ../shared} from the project root. Public in the core
 * test-jar so that every module's tests look for it the same way.
 */
public final class Shared {

    private Shared() {}

    /**
     * Walks up from the working directory (the module when Maven runs the tests) and looks in {@code shared/} and
     * {@code ../shared/} at each level; the system property {@code hwnas.shared} overrides.
     */
    public static Optional<Path> file(String relative) {
        String property = System.getProperty("hwnas.shared");
        if (property != null) {
            Path p = Path.of(property).resolve(relative);
            return Files.isRegularFile(p) ? Optional.of(p) : Optional.empty();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            for (Path shared : new Path[] {dir.resolve("shared"), dir.resolveSibling("shared")}) {
                Path p = shared.resolve(relative);
                if (Files.isRegularFile(p)) {
                    return Optional.of(p.normalize());
                }
            }
        }
        return Optional.empty();
    }
}
