package io.hwnas.core.search;

import io.hwnas.core.measure.drift.DriftControl;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A search run's results, finished or not: what a report shows. One record behind both a search that has just ended
 * ({@link SearchResult#record()}) and a run directory read back ({@link RunDirectory#load}), killed runs included.
 *
 * @param manifest   the run's manifest (configuration, versions, devices, oracles)
 * @param finished   whether the search ended; a killed search gives a partial report of what it did
 * @param devices    the latency devices in objective order, with how their latency was known
 * @param candidates every evaluated candidate, in evaluation order, with its latest values
 * @param front      the constrained front of the candidates (graph metrics filled in)
 * @param feasible   whether any candidate meets every budget
 * @param violations candidates predicted within every budget and measured outside one
 * @param history    one entry per finished generation
 * @param ideal      the hypervolume reference's ideal, in objective order
 * @param nadir      the hypervolume reference's nadir (the reference point), in objective order
 * @param failed     architectures an oracle failed to evaluate, with the reason
 * @param speed      the measurements the search took or found with drift control on ({@link SpeedLog}), in order
 */
public record RunData(Path dir, RunManifest manifest, boolean finished, List<SearchObjective> objectives,
        List<Constraint> constraints, List<Device> devices, List<Candidate> candidates, List<Candidate> front,
        boolean feasible, List<Candidate> violations, int predictedFeasibleMeasured, List<GenerationStats> history,
        double[] ideal, double[] nadir, Map<String, String> failed, List<SpeedRow> speed) {

    public RunData {
        objectives = List.copyOf(objectives);
        constraints = List.copyOf(constraints);
        devices = List.copyOf(devices);
        candidates = List.copyOf(candidates);
        front = List.copyOf(front);
        violations = List.copyOf(violations);
        history = List.copyOf(history);
        failed = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(failed));
        speed = List.copyOf(speed);
    }

    /**
     * Whether the run's latencies were corrected for the machine's speed: its configured drift control (off for a
     * run configured before drift control existed), empty for a search set up in code, whose manifest does not say.
     */
    public Optional<DriftControl> driftControl() {
        return manifest.search() == null ? Optional.empty() : Optional.of(manifest.search().measuring().driftControl());
    }

    /** A latency device of the run: its id, {@code table|loop|measured|predicted|spec}, and where latency came from. */
    public record Device(String id, LatencyKind kind, String source) {

        /** Whether this device's latencies are (or end up) real measurements taken by hwnas. */
        public boolean measures() {
            return kind.measures();
        }
    }

    public double violationRate() {
        return predictedFeasibleMeasured == 0 ? Double.NaN : violations.size() / (double) predictedFeasibleMeasured;
    }

    public String space() {
        return manifest.config().space();
    }

    /**
     * How the tool that ran the search exports {@code arch}, or null when the manifest does not say (a search set
     * up in code, or one written before manifest format 2).
     */
    public String exportCommand(String arch) {
        String template = manifest.commands().get(RunFiles.EXPORT);
        return template == null ? null : template.replace("{arch}", arch);
    }

    /** How the tool that ran the search continues it, or null when the manifest does not say. */
    public String resumeCommand() {
        String template = manifest.commands().get(RunFiles.RESUME);
        return template == null ? null : template.replace("{dir}", dir.toString());
    }

    public String algorithm() {
        return manifest.config().algorithm();
    }

    public long seed() {
        return manifest.seed();
    }

    public String accuracyOracle() {
        return manifest.accuracyOracle().name();
    }

    /** The evaluations the run was asked for (it rounds up to whole generations). */
    public int targetEvaluations() {
        return manifest.config().evaluations();
    }

    public GenerationStats last() {
        return history.isEmpty() ? null : history.get(history.size() - 1);
    }

    /** The objective index of {@code device}'s latency. */
    public int latencyObjective(String device) {
        for (int i = 0; i < objectives.size(); i++) {
            if (device.equals(objectives.get(i).device())) {
                return i;
            }
        }
        throw new IllegalArgumentException("no latency objective for device '" + device + "'");
    }
}
