package io.hwnas.core.search;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hwnas.core.space.Architecture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.moeaframework.algorithm.AbstractAlgorithm;
import org.moeaframework.algorithm.AbstractEvolutionaryAlgorithm;
import org.moeaframework.core.Solution;

/**
 * What a {@link Checkpointer} saves after a generation and puts back on resume, with the parts of a search wired as
 * {@link SearchRun} wires them but driven by hand: one generation of nsga2 on nb201, two measurements taken on a
 * device whose predictor learns, a device that does not measure, and an oracle that follows the first.
 */
class CheckpointerTest {

    private static final String GPU = "1080ti_1_ms";
    private static final String PHONE = "essential_ph_1_ms";

    @TempDir
    Path dir;

    /** A predictor in the loop that records what it is taught; each refit doubles, triples... its predictions. */
    static final class Learner implements MeasuringOracle {
        final String device;
        final Map<String, Double> truth;
        final List<String> learnt = new ArrayList<>();
        int refits;

        Learner(String device) {
            this.device = device;
            this.truth = new DeviceFarmTest.TableDevice(device).truth;
        }

        @Override
        public String device() {
            return device;
        }

        @Override
        public LatencyKind kind() {
            return LatencyKind.LOOP;
        }

        @Override
        public String source() {
            return "learner";
        }

        @Override
        public LatencyEstimate estimate(Architecture a) {
            return LatencyEstimate.predicted(truth.get(a.canonical()) * (1 + refits));
        }

        @Override
        public Map<String, Double> measure(List<Architecture> as) {
            throw new UnsupportedOperationException("the test measures by hand");
        }

        @Override
        public void learn(Architecture a, double ms) {
            learnt.add(a.canonical() + "=" + ms);
        }

        @Override
        public void refit() {
            refits++;
        }
    }

    /** One search's parts, as {@link SearchRun} makes them. */
    private final class Search {
        final Learner gpu = new Learner(GPU);
        final Learner phone = new Learner(PHONE);
        final DeviceFarmTest.Follower follower = new DeviceFarmTest.Follower(new DeviceFarmTest.TableDevice(GPU));
        final SearchSetup setup = SearchSetup.builder().space(SearchFixtures.NB201).accuracy(SearchFixtures.cifar10())
                .latency(gpu).latency(phone).latency(follower).algorithm("nsga2").population(10).evaluations(20)
                .seed(3).out(dir).build();
        final CandidatePool pool = new CandidatePool(setup.space(), setup.accuracy(), setup.latency(),
                setup.graphMetrics());
        final SearchProblem problem = new SearchProblem(setup.space(), pool, setup.objectives(),
                setup.constraints());
        final SpaceOperators ops = new SpaceOperators(setup.space(), problem, pool::contains, pool::size,
                setup.evaluations(), setup.mutationRate(), setup.crossoverRate());
        final AbstractAlgorithm algorithm = Algorithms.create(setup.algorithm(), problem, ops, setup.population(),
                setup.regevoSample(), pool, setup.evaluations());
        final Checkpointer checkpointer = new Checkpointer(setup, pool, problem, algorithm,
                new DeviceFarm(setup, pool, SearchListener.NONE));

        /** The first generation, then two measurements on the GPU, the second candidate's first. */
        void firstGeneration() {
            pool.generation(1);
            ops.newGeneration();
            algorithm.step();
            List<Candidate> all = pool.all();
            pool.recordMeasured(GPU, all.get(1).arch(), 5.0);
            pool.recordMeasured(GPU, all.get(0).arch(), 7.0);
        }

        List<String> population() {
            List<String> out = new ArrayList<>();
            for (Solution s : ((AbstractEvolutionaryAlgorithm) algorithm).getPopulation()) {
                out.add(ArchitectureVariable.of(s));
            }
            return out;
        }
    }

    private static final List<GenerationStats> HISTORY = List.of(new GenerationStats(1, 10, 0.5, 3, 2, 800));

    /** A search after its first generation, checkpointed; the checkpoint as read back. */
    private Checkpoint firstCheckpoint(Search s) throws IOException {
        try (MoeaRandom.Lease lease = MoeaRandom.seeded(3)) {
            s.firstGeneration();
            s.checkpointer.write("cfg", 1, false, HISTORY, new HypervolumeReference(new double[] {100, 0, 0, 0},
                    new double[] {0, 50, 60, 70}), 800);
        }
        return Checkpoint.read(dir);
    }

    @Test
    void aCheckpointHoldsTheSearchAsItIs() throws IOException {
        Search s = new Search();
        assertFalse(Checkpointer.exists(dir));
        SeededRandom.State random;
        try (MoeaRandom.Lease lease = MoeaRandom.seeded(3)) {
            s.firstGeneration();
            random = MoeaRandom.state();
            s.checkpointer.write("cfg", 1, false, HISTORY, new HypervolumeReference(new double[] {100, 0, 0, 0},
                    new double[] {0, 50, 60, 70}), 800);
        }
        assertTrue(Checkpointer.exists(dir));
        Checkpoint cp = Checkpoint.read(dir);
        assertEquals("cfg", cp.config());
        assertEquals(1, cp.generation());
        assertFalse(cp.finished());
        assertEquals(random, cp.random(), "where the generation left the generator");
        assertEquals(Files.size(dir.resolve(Checkpoint.CANDIDATES)), cp.candidateBytes());
        assertEquals(10, s.pool.size());
        assertEquals(s.pool.all(), cp.candidates(dir));
        List<Candidate> all = s.pool.all();
        assertEquals(List.of(new CandidatePool.Measured(GPU, all.get(1).arch()),
                new CandidatePool.Measured(GPU, all.get(0).arch())), cp.measurements(), "in the order taken");
        assertEquals(HISTORY, cp.history());
        assertArrayEquals(new double[] {100, 0, 0, 0}, cp.ideal());
        assertArrayEquals(new double[] {0, 50, 60, 70}, cp.nadir());
        assertArrayEquals(AlgorithmState.save(s.algorithm), cp.algorithmState());
        assertEquals(800, cp.elapsedMs());
        assertEquals(Map.of(), cp.failed());
    }

    @Test
    void aCheckpointWithoutAReferenceHasNone() throws IOException {
        Search s = new Search();
        try (MoeaRandom.Lease lease = MoeaRandom.seeded(3)) {
            s.firstGeneration();
            s.checkpointer.write("cfg", 1, true, HISTORY, null, 5);
        }
        Checkpoint cp = Checkpoint.read(dir);
        assertNull(cp.ideal());
        assertNull(cp.nadir());
        assertTrue(cp.finished());
    }

    /** The log is appended: a checkpoint with nothing new adds nothing; a measurement adds its candidate. */
    @Test
    void onlyWhatChangedSinceTheLastCheckpointIsAppended() throws IOException {
        Search s = new Search();
        Checkpoint first = firstCheckpoint(s);
        try (MoeaRandom.Lease lease = MoeaRandom.restored(first.random())) {
            s.checkpointer.write("cfg", 1, false, HISTORY, null, 900);
            assertEquals(first.candidateBytes(), Checkpoint.read(dir).candidateBytes());
            s.pool.recordMeasured(GPU, s.pool.all().get(2).arch(), 3.0);
            s.checkpointer.write("cfg", 2, false, HISTORY, null, 1000);
        }
        Checkpoint second = Checkpoint.read(dir);
        assertTrue(second.candidateBytes() > first.candidateBytes());
        assertEquals(Files.size(dir.resolve(Checkpoint.CANDIDATES)), second.candidateBytes());
        assertEquals(3.0, second.candidates(dir).get(2).latency(GPU).measuredMs());
        assertEquals(10, second.candidates(dir).size(), "the latest state of each, once");
    }

    @Test
    void aResumePutsBackThePoolThePopulationAndWhatThePredictorsLearnt() throws IOException {
        Search before = new Search();
        Checkpoint cp = firstCheckpoint(before);
        Search after = new Search();
        try (MoeaRandom.Lease lease = MoeaRandom.restored(cp.random())) {
            after.checkpointer.restore(cp);
        }
        List<Candidate> all = before.pool.all();
        assertEquals(all.stream().map(Candidate::arch).toList(), after.pool.all().stream().map(Candidate::arch)
                .toList(), "the candidates, in evaluation order");
        assertEquals(all.get(0), after.pool.get(all.get(0).arch()), "a measured candidate, as it was");
        assertEquals(all.get(1), after.pool.get(all.get(1).arch()));
        assertEquals(before.pool.measurements(), after.pool.measurements());
        assertEquals(before.population(), after.population(), "the algorithm's population");

        assertEquals(List.of(all.get(1).arch() + "=5.0", all.get(0).arch() + "=7.0"), after.gpu.learnt,
                "the GPU's measurements, in the order they were taken");
        assertEquals(1, after.gpu.refits);
        assertEquals(List.of(), after.phone.learnt, "the phone measured nothing");
        assertEquals(0, after.phone.refits, "a predictor that learnt nothing is not refitted");
        assertEquals(1, after.follower.refits, "an oracle that follows the GPU is refitted after it");
        // Refitted, the GPU predicts anew for what it has not measured (twice the table, as this one does).
        Candidate third = after.pool.get(all.get(2).arch());
        assertEquals(2 * after.gpu.truth.get(third.arch()), third.latency(GPU).predictedMs(), 1e-9);
        assertEquals(after.phone.truth.get(third.arch()), third.latency(PHONE).predictedMs(), 1e-9);
    }

    @Test
    void aResumeWithoutMeasurementsRefitsNothing() throws IOException {
        Search before = new Search();
        Checkpoint cp = firstCheckpoint(before);
        // The same state, as if nothing had been measured: the log's candidates are predicted only.
        List<Candidate> predicted = cp.candidates(dir).stream().map(c -> {
            Candidate p = c;
            for (String d : List.of(GPU, PHONE)) {
                if (c.latency(d).isMeasured()) {
                    p = p.withLatency(d, LatencyEstimate.predicted(c.latency(d).predictedMs()));
                }
            }
            return p;
        }).toList();
        Files.delete(dir.resolve(Checkpoint.CANDIDATES));
        long bytes = CandidateLog.append(dir, 0, predicted);
        new Checkpoint(cp.format(), cp.config(), cp.generation(), cp.finished(), cp.random(), bytes, List.of(),
                cp.history(), cp.ideal(), cp.nadir(), cp.algorithmState(), cp.elapsedMs(), cp.failed()).write(dir);
        Search after = new Search();
        try (MoeaRandom.Lease lease = MoeaRandom.restored(cp.random())) {
            after.checkpointer.restore(Checkpoint.read(dir));
        }
        assertEquals(List.of(), after.gpu.learnt);
        assertEquals(0, after.gpu.refits);
        assertEquals(0, after.follower.refits);
        assertEquals(predicted, after.pool.all());
    }

    /** Bytes a killed process appended after the checkpoint are not part of the run: the next write cuts them. */
    @Test
    void aResumedSearchAppendsAfterWhatItsCheckpointCovers() throws IOException {
        Checkpoint cp = firstCheckpoint(new Search());
        Files.write(dir.resolve(Checkpoint.CANDIDATES), new byte[] {1, 2, 3, 4, 5}, StandardOpenOption.APPEND);
        Search after = new Search();
        try (MoeaRandom.Lease lease = MoeaRandom.restored(cp.random())) {
            after.checkpointer.restore(cp);
            after.checkpointer.write("cfg", 1, false, HISTORY, null, 900);
        }
        assertEquals(cp.candidateBytes(), Files.size(dir.resolve(Checkpoint.CANDIDATES)));
        assertEquals(cp.candidateBytes(), Checkpoint.read(dir).candidateBytes());
    }

    @Test
    void aCheckpointThatDoesNotFitTheRunIsRefusedBeforeAnythingIsRestored() throws IOException {
        Checkpoint cp = firstCheckpoint(new Search());
        Checkpoint odd = new Checkpoint(cp.format(), cp.config(), cp.generation(), cp.finished(), cp.random(),
                cp.candidateBytes(), List.of(new CandidatePool.Measured(GPU, "nowhere")), cp.history(), cp.ideal(),
                cp.nadir(), cp.algorithmState(), cp.elapsedMs(), cp.failed());
        Search after = new Search();
        RunFileException e = assertThrows(RunFileException.class, () -> after.checkpointer.restore(odd));
        assertEquals(dir.resolve(Checkpoint.FILE), e.file());
        assertTrue(e.getMessage().contains("a measurement of 'nowhere'"), e.getMessage());
        assertEquals(0, after.pool.size());
    }

    @Test
    void aFolderNamedLikeTheCheckpointIsNoCheckpoint() throws IOException {
        Files.createDirectory(dir.resolve(Checkpoint.FILE));
        assertFalse(Checkpointer.exists(dir));
    }
}
