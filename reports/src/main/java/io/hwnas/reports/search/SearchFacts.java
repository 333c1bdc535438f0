package io.hwnas.reports.search;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hwnas.core.predict.Metrics;
import io.hwnas.core.search.GenerationStats;
import io.hwnas.core.search.LatencyEstimate;
import io.hwnas.core.search.LatencyKind;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a search report shows, as values: what was asked, what was found, how the search went and how good the
 * predictor in the loop was. Every format renders these facts and nothing else; {@link RunFacts} builds them from a
 * run directory, the one place where the run's own types are read.
 *
 * <pre>{@code
 * SearchFacts facts = RunFacts.of(RunDirectory.load(dir), List.of());
 * String md = new MarkdownSearchReport(facts).render();
 * }</pre>
 *
 * @param asked    the search's question
 * @param made     where and with what the run was made
 * @param progress whether it finished, its history, and the baselines drawn beside it
 * @param outcome  what it found
 * @param parity   per device of a predictor checked against measurements (two pairs or more), in device order
 * @param files    the front, the candidates and the violations in the run files' own formats
 * @param speed    the machine's speed over the run, and whether latencies were corrected for it
 * @param pruned   prune runs drawn beside the search (empty for a search alone)
 * @param searchSeen the images (or tokens) the search's trainings saw together; -1 when it trained nothing
 */
public record SearchFacts(Asked asked, Made made, Progress progress, Outcome outcome, List<Parity> parity,
        Files files, MachineSpeed speed, List<PrunedFront> pruned, long searchSeen) {

    public SearchFacts {
        Objects.requireNonNull(asked, "asked");
        Objects.requireNonNull(made, "made");
        Objects.requireNonNull(progress, "progress");
        Objects.requireNonNull(outcome, "outcome");
        parity = List.copyOf(parity);
        Objects.requireNonNull(files, "files");
        Objects.requireNonNull(speed, "speed");
        pruned = List.copyOf(pruned);
    }

    /** The facts of a search alone, with no prune run beside it. */
    public SearchFacts(Asked asked, Made made, Progress progress, Outcome outcome, List<Parity> parity, Files files,
            MachineSpeed speed) {
        this(asked, made, progress, outcome, parity, files, speed, List.of(), -1);
    }

    /**
     * These facts with prune runs beside the search, and {@code searchSeen}: the images (or tokens) the search's
     * trainings saw together, -1 when its accuracy did not come from training.
     */
    public SearchFacts withPruned(List<PrunedFront> fronts, long searchSeen) {
        return new SearchFacts(asked, made, progress, outcome, parity, files, speed, fronts, searchSeen);
    }

    /** The device ids in objective order; the first one orders the front's tables. */
    public List<String> deviceIds() {
        return asked.devices().stream().map(Device::id).toList();
    }

    /** The front sorted by latency on the first device, as every table of it shows it. */
    public List<Member> frontByLatency() {
        return byLatency(outcome.front(), deviceIds().get(0));
    }

    /** {@code members} sorted by their best-known latency on {@code device}; equal ones keep their order. */
    static List<Member> byLatency(List<Member> members, String device) {
        List<Member> rows = new ArrayList<>(members);
        rows.sort(Comparator.comparingDouble(m -> m.ms(device)));
        return rows;
    }

    /** Whether any device's latencies are (or end up) real measurements taken by hwnas. */
    public boolean measures() {
        return asked.devices().stream().anyMatch(Device::measures);
    }

    /**
     * The search's question.
     *
     * @param budgets    the constraints' keys ({@code essential_ph_1_ms:latency_ms<=20})
     * @param population the configured population, as the manifest writes it
     */
    public record Asked(String space, List<Device> devices, List<String> budgets,
            List<Objective> objectives, Oracle accuracy, String algorithm, String population, long seed,
            int targetEvaluations) {

        public Asked {
            devices = List.copyOf(devices);
            budgets = List.copyOf(budgets);
            objectives = List.copyOf(objectives);
        }
    }

    /**
     * A latency device of the run.
     *
     * @param kind           {@code table}, {@code loop}, {@code measured}, {@code predicted} or {@code spec}
     * @param source         where its latency came from
     * @param latencyBudgets the budgets on its latency
     */
    public record Device(String id, LatencyKind kind, String source, List<Bound> latencyBudgets) {

        public Device {
            latencyBudgets = List.copyOf(latencyBudgets);
        }

        /** Whether this device's latencies are (or end up) real measurements taken by hwnas. */
        public boolean measures() {
            return kind.measures();
        }

        /** Whether a predictor in the loop predicts before the search measures (its predictions are shown). */
        public boolean loop() {
            return kind == LatencyKind.LOOP;
        }
    }

    /** A latency budget: {@code <= 20} and its bound in ms. */
    public record Bound(String text, double ms) {}

    /** An objective with the hypervolume reference's ideal and nadir. */
    public record Objective(String key, boolean maximised, double ideal, double nadir) {}

    /** Where accuracy came from: its name ({@code nb201:cifar10}, {@code scaling:chinchilla}) and source. */
    public record Oracle(String name, String source) {

        /** What the accuracy axis holds: % for tables and training, minus a loss for a scaling law. */
        public String label() {
            return name.startsWith("scaling:") ? "minus the loss (nats per token)" : "accuracy (%)";
        }
    }

    /**
     * Where and with what the run was made, as its manifest tells.
     *
     * @param onnxRuntime the ONNX Runtime version when the run measured with it, else empty
     * @param dir         the run directory as it was named
     * @param absoluteDir the same, absolute
     * @param resume      the command that continues the run, or null when its manifest does not say
     */
    public record Made(String hwnas, String moeaFramework, String java, String onnxRuntime, String os,
            String created, String host, String dir, String absoluteDir, String resume) {}

    /**
     * How the search went.
     *
     * @param finished  whether it ended; a killed search gives a partial report
     * @param history   one entry per finished generation
     * @param baselines other runs drawn beside this one in the progress chart
     */
    public record Progress(boolean finished, List<GenerationStats> history, List<Baseline> baselines) {

        public Progress {
            history = List.copyOf(history);
            baselines = List.copyOf(baselines);
        }

        /** The last whole generation, 0 before the first. */
        public int generations() {
            return history.isEmpty() ? 0 : history.get(history.size() - 1).generation();
        }
    }

    /** Another run on the same problem: its algorithm, seed, directory name and history. */
    public record Baseline(String algorithm, long seed, String name, List<GenerationStats> history) {

        public Baseline {
            history = List.copyOf(history);
        }
    }

    /**
     * What the search found.
     *
     * @param candidates  every evaluated candidate, in evaluation order
     * @param front       the constrained front (the closest candidates when none is feasible)
     * @param planeFronts per device, the front of accuracy against its latency alone (the front itself when those
     *                    are the only objectives)
     * @param feasible    whether any candidate meets every budget
     * @param violations  candidates predicted within every budget and measured outside one
     * @param predictedFeasibleMeasured measured candidates that were predicted within every budget
     * @param measured    candidates measured on a device that measures
     * @param failed      architectures an oracle failed to evaluate, with the reason
     */
    public record Outcome(List<Member> candidates, List<Member> front, Map<String, List<Member>> planeFronts,
            boolean feasible, List<Member> violations, int predictedFeasibleMeasured, long measured,
            Map<String, String> failed) {

        public Outcome {
            candidates = List.copyOf(candidates);
            front = List.copyOf(front);
            Map<String, List<Member>> planes = new LinkedHashMap<>();
            planeFronts.forEach((d, f) -> planes.put(d, List.copyOf(f)));
            planeFronts = Collections.unmodifiableMap(planes);
            violations = List.copyOf(violations);
            failed = Collections.unmodifiableMap(new LinkedHashMap<>(failed));
        }

        /** Violations over the measured candidates predicted feasible; NaN when none was. */
        public double violationRate() {
            return predictedFeasibleMeasured == 0 ? Double.NaN : violations.size() / (double) predictedFeasibleMeasured;
        }
    }

    /**
     * One evaluated architecture as the report shows it.
     *
     * @param index        the order in which the search reached it
     * @param testAccuracy accuracy on held-out data (a test split), NaN when not known
     * @param latency      per device, in device order
     * @param worstMs      per device, the latency of the longest path (the latency unless an oracle told a worst case)
     * @param feasible     whether it meets every budget by its best-known values
     * @param violated     the budgets it is over
     * @param export       the command that writes it as an ONNX file
     */
    public record Member(int index, String arch, double accuracy, double testAccuracy,
            Map<String, LatencyEstimate> latency, Map<String, Double> worstMs, Graph graph, boolean feasible,
            List<String> violated, String export) {

        public Member {
            latency = Collections.unmodifiableMap(new LinkedHashMap<>(latency));
            worstMs = Collections.unmodifiableMap(new LinkedHashMap<>(worstMs));
            violated = List.copyOf(violated);
        }

        /** The latency on {@code device}, failing with the devices there are. */
        public LatencyEstimate latency(String device) {
            LatencyEstimate e = latency.get(device);
            if (e == null) {
                throw new IllegalArgumentException("no latency on '" + device + "' for " + arch + "; devices: "
                        + latency.keySet());
            }
            return e;
        }

        /** The best-known latency on {@code device}: measured when it was, else predicted. */
        public double ms(String device) {
            return latency(device).bestMs();
        }
    }

    /** Metrics of a member's network, NaN where not computed. */
    public record Graph(double params, double flops, double peakMemoryMb, double modelSizeMb) {}

    /**
     * A predictor checked against measurements on one device: each prediction made before its candidate was measured.
     *
     * @param source where the device's latency came from
     * @param pairs  (measured, predicted) in evaluation order
     */
    public record Parity(String device, String source, List<Pair> pairs, Metrics metrics) {

        public Parity {
            pairs = List.copyOf(pairs);
        }

        public double[] measured() {
            return pairs.stream().mapToDouble(Pair::measuredMs).toArray();
        }

        public double[] predicted() {
            return pairs.stream().mapToDouble(Pair::predictedMs).toArray();
        }
    }

    /** A measurement and the prediction made before it. */
    public record Pair(double measuredMs, double predictedMs) {}

    /**
     * The run's answer in the formats of its own files ({@code front.csv}, {@code candidates.csv}, the rows of
     * {@code front.json}), so that a report's CSV and JSON read exactly as the run's. The rows are copied in and
     * out: a JSON node can be changed, these cannot.
     */
    public record Files(String candidatesCsv, String frontCsv, List<ObjectNode> frontRows,
            List<ObjectNode> violationRows) {

        public Files {
            frontRows = copy(frontRows);
            violationRows = copy(violationRows);
        }

        @Override
        public List<ObjectNode> frontRows() {
            return copy(frontRows);
        }

        @Override
        public List<ObjectNode> violationRows() {
            return copy(violationRows);
        }

        private static List<ObjectNode> copy(List<ObjectNode> rows) {
            return rows.stream().map(ObjectNode::deepCopy).toList();
        }
    }
}
