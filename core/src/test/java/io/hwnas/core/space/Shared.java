package io.hwnas.core.space;

import io.hwnas.core.testing.Fixtures;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Finds a file of the read-only {@code shared/} tree: {@link Fixtures#sharedFile}. Kept for the tests that still
 * call it; the tables live under the checkout's {@code data/} ({@link Fixtures#helpTable()}), and a test must not
 * skip for want of them.
 */
public final class Shared {

    private Shared() {}

    /** {@link Fixtures#sharedFile}. */
    public static Optional<Path> file(String relative) {
        return Fixtures.sharedFile(relative);
    }
}
