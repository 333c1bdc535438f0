package io.hwnas.core.search;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A checkpoint and its candidates, whole and well formed, must also be this run's: what does not fit is named. */
class RunStateTest {

    private static final Path DIR = Path.of("runs", "a");
    private static final Path LOG = DIR.resolve(Checkpoint.CANDIDATES);
    private static final Path CHECKPOINT = DIR.resolve(Checkpoint.FILE);
    private static final String A = "|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|"
            + "nor_conv_3x3~1|nor_conv_3x3~2|";
    private static final String B = "|none~0|+|skip_connect~0|avg_pool_3x3~1|+|none~0|none~1|nor_conv_1x1~2|";
    private static final List<String> DEVICES = List.of("gpu", "cpu");
    private static final List<Metric> GRAPH = List.of(Metric.PARAMS, Metric.FLOPS);

    private static Candidate candidate(int index, String arch) {
        Map<String, LatencyEstimate> latency = new LinkedHashMap<>();
        latency.put("gpu", LatencyEstimate.measured(2.0));
        latency.put("cpu", LatencyEstimate.predicted(9.0));
        return new Candidate(index, 1, arch, 90, latency, Map.of(Metric.PARAMS, 1e6, Metric.FLOPS, 1e8));
    }

    private static Checkpoint checkpoint(List<CandidatePool.Measured> measured, double[] ideal) {
        return new Checkpoint(Checkpoint.FORMAT, "{}", 2, false, SeededRandom.of(1).state(), 100, measured, List.of(),
                ideal, ideal, new byte[0], 0, new LinkedHashMap<>());
    }

    private static void check(Checkpoint cp, List<Candidate> candidates) {
        RunState.check(DIR, cp, candidates, SearchFixtures.NB201, DEVICES, GRAPH, 3);
    }

    private static RunFileException refused(Checkpoint cp, List<Candidate> candidates) {
        return assertThrows(RunFileException.class, () -> check(cp, candidates));
    }

    private static RunFileException refused(List<Candidate> candidates) {
        RunFileException e = refused(checkpoint(List.of(), null), candidates);
        assertEquals(LOG, e.file());
        return e;
    }

    @Test
    void aRunsOwnStatePasses() {
        List<CandidatePool.Measured> measured = List.of(new CandidatePool.Measured("gpu", A),
                new CandidatePool.Measured("gpu", B));
        assertDoesNotThrow(() -> check(checkpoint(measured, new double[3]), List.of(candidate(0, A), candidate(1, B))));
        assertDoesNotThrow(() -> check(checkpoint(List.of(), null), List.of()), "before a reference is set");
    }

    @Test
    void aCandidateThatIsNotAnArchitectureOfTheSpaceIsRefused() {
        RunFileException e = refused(List.of(candidate(0, A), candidate(1, "|conv_9x9~0|")));
        assertEquals(LOG + ": candidate 1, '|conv_9x9~0|', is not an architecture of nb201", e.getMessage());
        assertInstanceOf(IllegalArgumentException.class, e.getCause(), "the space's own reason");
    }

    /** The pool finds candidates by their canonical string: another spelling would be a second candidate. */
    @Test
    void aCandidateNotInItsCanonicalFormIsRefused() {
        assertEquals(LOG + ": candidate 0 is not written in its canonical form '" + A + "'",
                refused(List.of(candidate(0, " " + A))).getMessage());
    }

    @Test
    void aCandidateWithoutALatencyOnARunsDeviceIsRefused() {
        Candidate gpuOnly = new Candidate(1, 1, B, 90, Map.of("gpu", LatencyEstimate.measured(1)),
                Map.of(Metric.PARAMS, 1e6, Metric.FLOPS, 1e8));
        assertEquals(LOG + ": candidate 1 has no latency on the run's device 'cpu'",
                refused(List.of(candidate(0, A), gpuOnly)).getMessage());
    }

    @Test
    void aCandidateLackingAGraphMetricTheRunNeedsIsRefused() {
        Candidate c = candidate(0, A);
        Candidate noFlops = new Candidate(0, 1, A, 90, c.latency(), Map.of(Metric.PARAMS, 1e6));
        assertEquals(LOG + ": candidate 0 lacks flops, which the run needs", refused(List.of(noFlops)).getMessage());
    }

    @Test
    void aMeasurementTheLogDoesNotHoldIsRefusedNamingTheCheckpoint() {
        List<Candidate> candidates = List.of(candidate(0, A));
        for (CandidatePool.Measured m : List.of(new CandidatePool.Measured("gpu", B),
                new CandidatePool.Measured("tpu", A), new CandidatePool.Measured("cpu", A))) {
            RunFileException e = refused(checkpoint(List.of(m), null), candidates);
            assertEquals(CHECKPOINT, e.file());
            assertEquals(CHECKPOINT + ": it records a measurement of '" + m.arch() + "' on '" + m.device() + "' that "
                    + "candidates.bin does not hold", e.getMessage(), "only predicted on cpu, absent elsewhere");
        }
    }

    @Test
    void aHypervolumeReferenceOfAnotherLengthIsRefused() {
        for (int n : new int[] {2, 4}) {
            RunFileException e = refused(checkpoint(List.of(), new double[n]), List.of(candidate(0, A)));
            assertEquals(CHECKPOINT + ": its hypervolume reference has " + n + " values, but the run has 3 objectives",
                    e.getMessage());
        }
    }
}
