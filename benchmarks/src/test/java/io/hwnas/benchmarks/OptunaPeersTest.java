package io.hwnas.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.hwnas.core.space.Architecture;
import io.hwnas.core.space.SearchSpace;
import io.hwnas.core.space.SearchSpaces;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real script under the real Optuna, where this machine has it (Debian's python3-optuna). */
class OptunaPeersTest {

    private static final Path PYTHON = Path.of("/usr/bin/python3");
    private static final Path SCRIPT = Path.of("../bench/lib/optuna_nb201.py");

    private static boolean optunaHere() throws Exception {
        if (!Files.isExecutable(PYTHON) || !Files.isRegularFile(SCRIPT)) {
            return false;
        }
        Process p = new ProcessBuilder(PYTHON.toString(), "-c", "import optuna").redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor() == 0;
    }

    /** Every nb201 cell, accuracy rising with the row, latency scattered over 1..101 ms: about half under 51. */
    private static Path cells(Path dir, List<String> archs) throws Exception {
        StringBuilder csv = new StringBuilder("arch,accuracy,latency_ms\n");
        for (int i = 0; i < archs.size(); i++) {
            csv.append(archs.get(i)).append(',').append(50 + i * 1e-3).append(',').append(1 + (i * 7919 % 101))
                    .append('\n');
        }
        Path cells = dir.resolve("cells.csv");
        Files.writeString(cells, csv);
        return cells;
    }

    private static List<String> nb201() {
        SearchSpace space = SearchSpaces.builtIn().get("nb201");
        try (Stream<Architecture> s = space.enumerate()) {
            return s.map(Architecture::canonical).toList();
        }
    }

    @Test
    void optunaEvaluatesDistinctCanonicalCellsAndARerunIsCached(@TempDir Path dir) throws Exception {
        assumeTrue(optunaHere(), "no Optuna under " + PYTHON);
        List<String> archs = nb201();
        Path cells = cells(dir, archs);
        List<String> lines = new ArrayList<>();
        OptunaPeers.Request req = new OptunaPeers.Request("nsga2", "dev", 3, 60, 51.0, cells);
        OptunaPeers.Result first;
        OptunaPeers.Result again;
        OptunaPeers.Result shorter;
        try (OptunaPeers peers = OptunaPeers.start(PYTHON, SCRIPT, dir.resolve("cache"), 1, lines::add)) {
            assertTrue(peers.version().matches("\\d+\\.\\d+.*"), peers.version());
            first = peers.submit(req).get();
            again = peers.submit(req).get();
            shorter = peers.submit(new OptunaPeers.Request("nsga2", "dev", 3, 25, 51.0, cells)).get();
        }
        assertEquals(first.archs().subList(0, 25), shorter.archs());
        assertEquals(first.trials()[24], shorter.totalTrials());
        assertTrue(shorter.cached());
        assertEquals(60, first.archs().size());
        Set<String> known = new HashSet<>(archs);
        assertTrue(known.containsAll(first.archs()), "every proposal is a canonical nb201 cell");
        assertEquals(60, new HashSet<>(first.archs()).size(), "distinct");
        assertTrue(first.totalTrials() >= 60);
        assertEquals(first.archs(), again.archs());
        assertTrue(!first.cached() && again.cached());
        assertTrue(lines.stream().anyMatch(l -> l.contains("(cached)")), lines.toString());
    }

    @Test
    void tpeSplittingOncePerTrialProposesExactlyWhatOptunaDoes(@TempDir Path dir) throws Exception {
        assumeTrue(optunaHere(), "no Optuna under " + PYTHON);
        Path cells = cells(dir, nb201());
        List<List<String>> runs = new ArrayList<>();
        for (boolean plain : new boolean[] {false, true}) {
            Path out = dir.resolve(plain + ".csv");
            List<String> cmd = new ArrayList<>(List.of(PYTHON.toString(), SCRIPT.toString(), "--cells",
                    cells.toString(), "--sampler", "tpe", "--seed", "4", "--n", "40", "--budget", "51", "--out",
                    out.toString(), "--meta", dir.resolve(plain + ".json").toString()));
            if (plain) {
                cmd.add("--plain");
            }
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String log = new String(p.getInputStream().readAllBytes());
            assertEquals(0, p.waitFor(), log);
            // n, arch and trial of each distinct evaluation; the elapsed time differs.
            runs.add(Files.readAllLines(out).stream().map(l -> l.substring(0, l.lastIndexOf(','))).toList());
        }
        assertEquals(41, runs.get(0).size());
        assertEquals(runs.get(1), runs.get(0));
        assertTrue(Files.readString(dir.resolve("false.json")).contains("\"split_once_per_trial\": true"));
    }
}
