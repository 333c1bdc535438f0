package io.hwnas.core.search;

import io.hwnas.core.space.SearchSpace;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks that a checkpoint and its candidates, each whole and well formed, also fit the run that reads them: every
 * candidate an architecture of the run's space with a latency on each of its devices and the graph metrics its
 * objectives and budgets need, every measurement one of a candidate, the hypervolume reference one value per
 * objective. A file that passes its checksum can still be another run's or crafted; this is where that is caught,
 * with the file named, before the search or a report trips over it.
 */
final class RunState {

    private RunState() {}

    static void check(Path dir, Checkpoint cp, List<Candidate> candidates, SearchSpace space,
            List<String> devices, Collection<Metric> graphMetrics, int objectives) {
        Path log = dir.resolve(Checkpoint.CANDIDATES);
        Map<String, Candidate> byArch = new HashMap<>();
        for (Candidate c : candidates) {
            candidate(log, c, space, devices, graphMetrics);
            byArch.put(c.arch(), c);
        }
        Path file = dir.resolve(Checkpoint.FILE);
        for (CandidatePool.Measured m : cp.measurements()) {
            Candidate c = byArch.get(m.arch());
            if (c == null || !c.latency().containsKey(m.device()) || !c.latency().get(m.device()).isMeasured()) {
                throw new RunFileException(file, "it records a measurement of " + RunFileException.quote(m.arch())
                        + " on " + RunFileException.quote(m.device()) + " that " + Checkpoint.CANDIDATES
                        + " does not hold");
            }
        }
        if (cp.ideal() != null && cp.ideal().length != objectives) {
            throw new RunFileException(file, "its hypervolume reference has " + cp.ideal().length + " values, but the "
                    + "run has " + objectives + " objectives");
        }
    }

    private static void candidate(Path log, Candidate c, SearchSpace space, List<String> devices,
            Collection<Metric> graphMetrics) {
        String canonical;
        try {
            canonical = space.decode(c.arch()).canonical();
        } catch (IllegalArgumentException e) {
            throw new RunFileException(log, "candidate " + c.index() + ", " + RunFileException.quote(c.arch())
                    + ", is not an architecture of " + space.name(), e);
        }
        if (!canonical.equals(c.arch())) {
            throw new RunFileException(log, "candidate " + c.index() + " is not written in its canonical form "
                    + RunFileException.quote(canonical));
        }
        for (String d : devices) {
            if (!c.latency().containsKey(d)) {
                throw new RunFileException(log, "candidate " + c.index() + " has no latency on the run's device "
                        + RunFileException.quote(d));
            }
        }
        for (Metric m : graphMetrics) {
            if (!c.graphMetrics().containsKey(m)) {
                throw new RunFileException(log, "candidate " + c.index() + " lacks " + m.key() + ", which the run "
                        + "needs");
            }
        }
    }
}
