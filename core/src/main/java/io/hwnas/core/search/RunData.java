package io.hwnas.core.search;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A search run as its directory holds it, finished or not: what a report shows.
 *
 * @param manifest   the run's {@code manifest.json} (configuration, versions, devices, oracles)
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
 */
public record RunData(Path dir, JsonNode manifest, boolean finished, List<SearchObjective> objectives,
        List<Constraint> constraints, List<Device> devices, List<Candidate> candidates, List<Candidate> front,
        boolean feasible, List<Candidate> violations, int predictedFeasibleMeasured, List<GenerationStats> history,
        double[] ideal, double[] nadir, Map<String, String> failed) {

    /** A latency device of the run: its id, {@code table|loop|measured|predicted}, and where latency came from. */
    public record Device(String id, String kind, String source) {

        /** Whether this device's latencies are (or end up) real measurements taken by hwnas. */
        public boolean measures() {
            return kind.equals("loop") || kind.equals("measured");
        }
    }

    public double violationRate() {
        return predictedFeasibleMeasured == 0 ? Double.NaN : violations.size() / (double) predictedFeasibleMeasured;
    }

    public String space() {
        return manifest.path("config").path("space").asText();
    }

    /** The space as {@code export}'s arguments name it ({@code nb201 --dataset mnist} for a trained search). */
    public String spaceArgs() {
        JsonNode input = manifest.path("input");
        if (!input.isObject()) {
            return space();
        }
        String label = input.path("label").asText();
        String graph = input.path("graph").asText();
        return space() + (label.isEmpty() ? "" : " --dataset " + label) + (graph.isEmpty() ? "" : " --graph " + graph);
    }

    public String algorithm() {
        return manifest.path("config").path("algorithm").asText();
    }

    public long seed() {
        return manifest.path("seed").asLong();
    }

    public String accuracyOracle() {
        return manifest.path("accuracy_oracle").path("name").asText();
    }

    /** The evaluations the run was asked for (it rounds up to whole generations). */
    public int targetEvaluations() {
        return manifest.path("config").path("evaluations").asInt();
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
