package io.hwnas.core.search;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import org.moeaframework.algorithm.AbstractAlgorithm;

/**
 * Writes a search's state after each generation ({@link Checkpoint}: the candidate log appended, the small state
 * file replaced whole) and puts it back on resume: the candidates and measurements in the pool, the algorithm's
 * population, and the predictors refitted on the same measurements in the same order as before the kill, so that
 * their predictions come out the same.
 */
final class Checkpointer {

    private final SearchSetup setup;
    private final CandidatePool pool;
    private final SearchProblem problem;
    private final AbstractAlgorithm algorithm;
    private final DeviceFarm farm;
    private long candidateBytes;

    Checkpointer(SearchSetup setup, CandidatePool pool, SearchProblem problem, AbstractAlgorithm algorithm,
            DeviceFarm farm) {
        this.setup = setup;
        this.pool = pool;
        this.problem = problem;
        this.algorithm = algorithm;
        this.farm = farm;
    }

    /** Whether {@code dir} holds a search that a run would resume. */
    static boolean exists(Path dir) {
        return Files.isRegularFile(dir.resolve(Checkpoint.FILE));
    }

    /** The state as it is now, whole and durable. */
    void write(String config, int generation, boolean finished, List<GenerationStats> history,
            HypervolumeReference reference, long elapsedMs) throws IOException {
        byte[] state = AlgorithmState.save(algorithm);
        candidateBytes = CandidateLog.append(setup.out(), candidateBytes, pool.takeDirty());
        new Checkpoint(Checkpoint.FORMAT, config, generation, finished, MoeaRandom.state(), candidateBytes,
                pool.measurements(), history, reference == null ? null : reference.ideal(),
                reference == null ? null : reference.nadir(), state, elapsedMs, new LinkedHashMap<>(pool.failed()))
                .write(setup.out());
    }

    /**
     * Puts {@code cp} back: pool, algorithm and predictors (the random generator is restored by the caller's
     * lease).
     */
    void restore(Checkpoint cp) throws IOException {
        Path dir = setup.out();
        List<Candidate> candidates = cp.candidates(dir);
        RunState.check(dir, cp, candidates, setup.space(), setup.latency().stream().map(LatencyOracle::device)
                .toList(), setup.graphMetrics(), problem.getNumberOfObjectives());
        pool.restore(candidates, cp.measurements(), cp.failed());
        candidateBytes = cp.candidateBytes();
        AlgorithmState.load(algorithm, cp.algorithmState(), dir.resolve(Checkpoint.FILE), problem, pool::contains);
        for (LatencyOracle l : setup.latency()) {
            if (l instanceof MeasuringOracle o && relearn(o)) {
                o.refit();
                pool.refreshPredictions(o);
                farm.refitFollowers(java.util.Set.of(o.device()));
            }
        }
    }

    /** Tells {@code o} of its device's measurements, in the order they were taken; whether there were any. */
    private boolean relearn(MeasuringOracle o) {
        boolean any = false;
        for (CandidatePool.Measured m : pool.measurements()) {
            if (m.device().equals(o.device())) {
                o.learn(setup.space().decode(m.arch()), pool.get(m.arch()).latency(o.device()).measuredMs());
                any = true;
            }
        }
        return any;
    }
}
