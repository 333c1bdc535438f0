package io.hwnas.predictors.transfer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Finds a file of the read-only {@code shared/} tree, at {@code ../shared} from the project root. */
final class Shared {

    static final String LATENCY_TABLE = "data/nas-bench-201/nb201_latency_sample_devices.csv";
    static final java.util.List<String> DEVICES = java.util.List.of("1080ti_1_ms", "2080ti_1_ms", "silver_4114_ms",
            "samsung_a50_ms", "essential_ph_1_ms");

    private Shared() {}

    /**
     * Walks up from the working directory (the module when Maven runs the tests) and looks in {@code shared/} and
     * {@code ../shared/} at each level; the system property {@code hwnas.shared} overrides.
     */
    static Optional<Path> file(String relative) {
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
