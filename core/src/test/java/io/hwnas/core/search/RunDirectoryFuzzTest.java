package io.hwnas.core.search;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Run directories from arbitrary bytes: a real small run's {@code manifest.json}, {@code checkpoint.bin} or
 * {@code candidates.bin} replaced by the input, then the directory read as a report reads it and resumed as a
 * search resumes it. Either works, or fails with the documented clear error: an {@link IllegalArgumentException}
 * (a {@link RunFileException} for a file that cannot be used) in one line naming the run's folder or file. Any
 * other exception, a hang or a large allocation (a length of 2^31 must not allocate 2 GB) is a bug.
 *
 * <p>Checksums stop almost every random change at the header, so two targets frame their input validly (a
 * checkpoint payload, a candidate record) to reach the decoders behind it. The corpus replays as an ordinary test
 * and began as the files of {@link #run}; {@code JAZZER_FUZZ=1} fuzzes ({@code bench/fuzz.sh}).
 */
class RunDirectoryFuzzTest {

    /** A killed run of {@link #setup}: nsga2, stopped after its second generation. */
    private static final Path BASE;
    private static final Path WORK;

    static {
        try {
            WORK = Files.createTempDirectory("run-dir-fuzz");
            BASE = WORK.resolve("base");
            run(BASE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static SearchSetup setup(Path dir) {
        return SearchFixtures.tableSearch(dir).algorithm("nsga2").budget(Budget.parse("latency_ms<=15"))
                .evaluations(40).population(10).build();
    }

    /** The run whose files seed the corpus. */
    static void run(Path dir) {
        try {
            SearchRun.run(setup(dir), new SearchListener() {
                @Override
                public void generation(GenerationStats s, int target) {
                    if (s.generation() == 2) {
                        throw new IllegalStateException("killed");
                    }
                }
            });
        } catch (IllegalStateException | IOException expected) {
            // the kill
        }
    }

    @FuzzTest(maxDuration = "10s")
    void manifest(byte[] data) {
        tryWith(RunFiles.MANIFEST, data);
    }

    @FuzzTest(maxDuration = "10s")
    void checkpoint(byte[] data) {
        tryWith(Checkpoint.FILE, data);
    }

    /** The input as the payload of a checkpoint whose header and checksum are right. */
    @FuzzTest(maxDuration = "10s")
    void checkpointPayload(byte[] data) {
        tryWith(Checkpoint.FILE, CheckedFiles.frame(CheckedFiles.CHECKPOINT, data));
    }

    @FuzzTest(maxDuration = "10s")
    void candidates(byte[] data) {
        tryWith(Checkpoint.CANDIDATES, data);
    }

    /** The input as the one record, length and checksum right, of a log its checkpoint covers to the end. */
    @FuzzTest(maxDuration = "10s")
    void candidateRecord(byte[] data) {
        Path dir = copy();
        try {
            byte[] log = ByteBuffer.allocate(CheckedFiles.PREFIX + 8 + data.length)
                    .put(CheckedFiles.prefix(CheckedFiles.CANDIDATES)).putInt(data.length)
                    .putInt(CheckedFiles.crc(data, 0, data.length)).put(data).array();
            Files.write(dir.resolve(Checkpoint.CANDIDATES), log);
            Checkpoint cp = Checkpoint.read(dir);
            new Checkpoint(cp.format(), cp.config(), cp.generation(), cp.finished(), cp.random(), log.length,
                    cp.measurements(), cp.history(), cp.ideal(), cp.nadir(), cp.algorithmState(), cp.elapsedMs(),
                    cp.failed()).write(dir);
            readAndResume(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            delete(dir);
        }
    }

    /** The corpus's seeds, the files of a real run, are what they claim: each reads and resumes. */
    @Test
    void theRealRunsFilesReadAndResume() throws IOException {
        Path dir = copy();
        try {
            assertFalse(RunDirectory.load(dir).finished());
            assertTrue(SearchRun.run(setup(dir), SearchListener.NONE).resumed());
        } finally {
            delete(dir);
        }
    }

    private static void tryWith(String file, byte[] data) {
        Path dir = copy();
        try {
            Files.write(dir.resolve(file), data);
            readAndResume(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            delete(dir);
        }
    }

    /**
     * Reads {@code dir} as a report does, then, when that works, resumes it (a resume reads the same files with the
     * same code, and the algorithm's state besides; skipping it after a refusal keeps the fuzzer fast).
     */
    private static void readAndResume(Path dir) throws IOException {
        try {
            RunDirectory.load(dir);
        } catch (IllegalArgumentException e) {
            checkClear(dir, e);
            return;
        }
        try {
            SearchRun.run(setup(dir), SearchListener.NONE);
        } catch (IllegalArgumentException e) {
            checkClear(dir, e);
        }
    }

    /** The documented error: one line, naming the folder (or a file in it), not too long to read. */
    private static void checkClear(Path dir, IllegalArgumentException e) {
        String m = e.getMessage();
        if (m == null || !m.contains(dir.toString()) || m.contains("\n") || m.length() > 600) {
            throw new AssertionError("not a clear error: " + m, e);
        }
    }

    private static Path copy() {
        try {
            Path dir = Files.createTempDirectory(WORK, "case");
            try (Stream<Path> files = Files.list(BASE)) {
                for (Path f : files.toList()) {
                    Files.copy(f, dir.resolve(f.getFileName()));
                }
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void delete(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(f);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes the corpus's seeds: {@code mvn -pl core test -Dtest=RunDirectoryFuzzTest -Dhwnas.fuzz.seed=true}. */
    @Test
    void seedTheCorpus() throws IOException {
        if (!Boolean.getBoolean("hwnas.fuzz.seed")) {
            return;
        }
        Path inputs = Path.of("src/test/resources/io/hwnas/core/search/RunDirectoryFuzzTestInputs");
        byte[] checkpoint = Files.readAllBytes(BASE.resolve(Checkpoint.FILE));
        byte[] log = Files.readAllBytes(BASE.resolve(Checkpoint.CANDIDATES));
        int first = ByteBuffer.wrap(log).getInt(CheckedFiles.PREFIX);
        for (List<Object> seed : List.<List<Object>>of(
                List.of("manifest", Files.readAllBytes(BASE.resolve(RunFiles.MANIFEST))),
                List.of("checkpoint", checkpoint),
                List.of("checkpointPayload", java.util.Arrays.copyOfRange(checkpoint, CheckedFiles.HEADER,
                        checkpoint.length)),
                List.of("candidates", log),
                List.of("candidateRecord", java.util.Arrays.copyOfRange(log, CheckedFiles.PREFIX + 8,
                        CheckedFiles.PREFIX + 8 + first)))) {
            Path d = Files.createDirectories(inputs.resolve((String) seed.get(0)));
            Files.write(d.resolve("real-run"), (byte[]) seed.get(1));
        }
    }
}
