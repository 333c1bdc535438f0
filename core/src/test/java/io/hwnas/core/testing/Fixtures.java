package io.hwnas.core.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.hwnas.core.space.SearchSpace;
import io.hwnas.core.space.SearchSpaces;
import io.hwnas.core.table.ArchTable;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.zip.GZIPInputStream;

/**
 * The data every module's tests share, found from any module's working directory: the tables committed under the
 * repository's {@code data/} (so no test needs anything outside the checkout), and the reference tools of the
 * read-only {@code ../shared/tools}, which only a test that runs one of them may lack.
 *
 * <pre>{@code
 * ArchTable help = Fixtures.helpTable();                  // all 15,625 NAS-Bench-201 cells, five devices
 * String path = Fixtures.helpTablePath().toString();      // for a --latency-table argument
 * Path checker = Fixtures.assumeSharedTool("onnx-check"); // skips, saying why, where ../shared is absent
 * }</pre>
 *
 * <p>A missing data file fails the test (the checkout is broken); it is never a reason to skip. Public in core's
 * test-jar, which the other modules' tests depend on.
 */
public final class Fixtures {

    /** HELP's measured NAS-Bench-201 latencies (ms, batch 1) of five devices; see {@code data/README.md}. */
    public static final String HELP_TABLE = "data/nas-bench-201/nb201_latency_sample_devices.csv.gz";
    /** NAS-Bench-201's accuracies of all 15,625 cells, also core's class-path resource. */
    public static final String NB201_ACCURACY = "data/nas-bench-201/nb201_accuracy.csv.gz";
    /** The latency columns of {@link #HELP_TABLE}, in the file's order. */
    public static final List<String> HELP_COLUMNS =
            List.of("1080ti_1_ms", "2080ti_1_ms", "silver_4114_ms", "samsung_a50_ms", "essential_ph_1_ms");
    /** The column of {@link #HELP_TABLE} naming each cell in NAS-Bench-201's own string. */
    public static final String ARCH_COLUMN = "arch_str";

    private static final SearchSpace NB201 = SearchSpaces.builtIn().get("nb201");
    private static volatile ArchTable help;

    private Fixtures() {}

    /**
     * The root of the hwnas checkout: the first folder, from the working directory up, that holds
     * {@link #HELP_TABLE}.
     *
     * @throws IllegalStateException when no folder above does, naming where it looked
     */
    public static Path repositoryRoot() {
        Path start = Path.of("").toAbsolutePath();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve(HELP_TABLE))) {
                return dir;
            }
        }
        throw new IllegalStateException("no " + HELP_TABLE + " in " + start + " or any folder above it: the tests "
                + "run inside a checkout of hwnas, whose data/ holds the tables they read");
    }

    /** A file of the checkout, by its path from the root; fails naming it when it is not there. */
    public static Path repositoryFile(String relative) {
        Path p = repositoryRoot().resolve(relative);
        if (!Files.isRegularFile(p)) {
            throw new IllegalStateException("no " + relative + " in the checkout at " + repositoryRoot());
        }
        return p;
    }

    /** {@link #HELP_TABLE} in this checkout. */
    public static Path helpTablePath() {
        return repositoryFile(HELP_TABLE);
    }

    /** {@link #NB201_ACCURACY} in this checkout. */
    public static Path nb201AccuracyPath() {
        return repositoryFile(NB201_ACCURACY);
    }

    /** {@link #HELP_TABLE} read in the nb201 space, once per JVM (tables are immutable). */
    public static ArchTable helpTable() {
        ArchTable t = help;
        if (t == null) {
            synchronized (Fixtures.class) {
                if (help == null) {
                    try {
                        help = ArchTable.read(helpTablePath(), NB201, ARCH_COLUMN);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
                t = help;
            }
        }
        return t;
    }

    /**
     * The first {@code limit} lines of a text file (its header among them), read through gzip when the name ends
     * in {@code .gz}: a slice of a shipped table for a test that needs fewer rows.
     */
    public static List<String> lines(Path file, int limit) {
        try (InputStream raw = Files.newInputStream(file);
                InputStream in = file.toString().endsWith(".gz") ? new GZIPInputStream(raw, 1 << 16) : raw;
                BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            List<String> out = new ArrayList<>();
            for (String line = r.readLine(); line != null && out.size() < limit; line = r.readLine()) {
                out.add(line);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every line of a text file, through gzip for {@code .gz}. */
    public static List<String> lines(Path file) {
        return lines(file, Integer.MAX_VALUE);
    }

    /**
     * A reference tool of the read-only {@code shared/tools} ({@code onnx-check}, {@code ort-node-time}), found as
     * {@link #sharedFile} finds files; empty where it is not there or not executable.
     */
    public static Optional<Path> sharedTool(String name) {
        return sharedFile("tools/" + name).filter(Files::isExecutable);
    }

    /**
     * A file of the read-only {@code shared/} tree: in {@code shared/} or {@code ../shared/} of the working
     * directory or a folder above it, or under the folder that the system property {@code hwnas.shared} names.
     * Data lives under the checkout's {@code data/} ({@link #helpTablePath()}); this is for the tools.
     */
    public static Optional<Path> sharedFile(String relative) {
        String property = System.getProperty("hwnas.shared");
        if (property != null) {
            return Optional.of(Path.of(property).resolve(relative)).filter(Files::isRegularFile);
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

    /**
     * {@link #sharedTool}, or the calling test skipped with a message that says it needs that tool: the only
     * reason a test of hwnas may skip.
     */
    public static Path assumeSharedTool(String name) {
        Optional<Path> tool = sharedTool(name);
        String property = System.getProperty("hwnas.shared");
        String looked = property != null ? "in -Dhwnas.shared=" + property
                : "in shared/ and ../shared/ from " + Path.of("").toAbsolutePath() + " up";
        assumeTrue(tool.isPresent(), () -> "skipped: this test runs the reference tool ../shared/tools/" + name
                + ", which is not here (looked " + looked + ")");
        return tool.get();
    }
}
