package io.hwnas.reports.search;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hwnas.core.measure.drift.DriftControl;
import io.hwnas.core.predict.Metrics;
import io.hwnas.core.search.Candidate;
import io.hwnas.core.search.Constraint;
import io.hwnas.core.search.Fronts;
import io.hwnas.core.search.LatencyEstimate;
import io.hwnas.core.search.LatencyKind;
import io.hwnas.core.search.Metric;
import io.hwnas.core.search.RunData;
import io.hwnas.core.search.RunFiles;
import io.hwnas.core.search.RunManifest;
import io.hwnas.core.search.SearchObjective;
import io.hwnas.core.search.SpeedRow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the {@link SearchFacts} of a search from what its run directory holds ({@link RunData}): the one place
 * where the reports read the search's own types, so that a second source (the result of a search that has just
 * ended) is the same record ({@code SearchResult.record()}). For the front of such a result, {@link #devices} and
 * {@link #front} give what {@link FrontText} prints.
 *
 * <pre>{@code
 * SearchFacts facts = RunFacts.of(RunDirectory.load(dir), List.of(RunDirectory.load(baseline)));
 * }</pre>
 */
public final class RunFacts {

    private RunFacts() {}

    /**
     * @param run       the run reported
     * @param baselines other runs to draw in the progress chart (other algorithms or seeds on the same problem)
     */
    public static SearchFacts of(RunData run, List<RunData> baselines) {
        List<SearchFacts.Baseline> others = baselines.stream().map(b -> new SearchFacts.Baseline(b.algorithm(),
                b.seed(), String.valueOf(b.dir().getFileName()), b.history())).toList();
        return new SearchFacts(asked(run), made(run), new SearchFacts.Progress(run.finished(), run.history(), others),
                outcome(run), parity(run), files(run), speed(run));
    }

    /**
     * The machine's speed at each measurement, drawn from the run's start: its manifest's creation, or its first
     * measurement when that came first (a warm-up sample is measured before the search writes its manifest).
     */
    private static MachineSpeed speed(RunData run) {
        Instant start = Instant.MAX;
        try {
            start = Instant.parse(run.manifest().created());
        } catch (RuntimeException e) {
            // a manifest without its time: the first measurement is the start
        }
        for (SpeedRow r : run.speed()) {
            if (!r.found() && r.measuredAt().isBefore(start)) {
                start = r.measuredAt();
            }
        }
        boolean measures = !run.speed().isEmpty() || run.devices().stream().anyMatch(RunData.Device::measures);
        return new MachineSpeed(run.driftControl().map(DriftControl::word).orElse(""), measures,
                start.equals(Instant.MAX) ? Instant.EPOCH : start, run.speed());
    }

    /** The latency devices of a run, for {@link FrontText}. */
    public static List<SearchFacts.Device> devices(RunData run) {
        return run.devices().stream().map(d -> device(d.id(), d.kind(), d.source(), run.constraints())).toList();
    }

    /**
     * The front of a search that has just ended, with each member's held-out accuracy, for {@link FrontText}.
     *
     * @param heldOut the members' accuracy on held-out data, by architecture ({@code SearchResult.heldOut})
     */
    public static List<SearchFacts.Member> front(RunData run, Map<String, Double> heldOut) {
        List<String> devices = run.devices().stream().map(RunData.Device::id).toList();
        return run.front().stream().map(c -> member(run, c, devices, heldOut.getOrDefault(c.arch(), Double.NaN)))
                .toList();
    }

    private static SearchFacts.Asked asked(RunData run) {
        List<SearchFacts.Device> devices = devices(run);
        List<SearchFacts.Objective> objectives = new ArrayList<>();
        for (int i = 0; i < run.objectives().size(); i++) {
            SearchObjective o = run.objectives().get(i);
            objectives.add(new SearchFacts.Objective(o.key(), o.metric().maximised(), run.ideal()[i],
                    run.nadir()[i]));
        }
        RunManifest m = run.manifest();
        return new SearchFacts.Asked(run.space(), devices, run.constraints().stream().map(Constraint::key).toList(),
                objectives, new SearchFacts.Oracle(run.accuracyOracle(), m.accuracyOracle().source()),
                run.algorithm(), String.valueOf(m.config().population()), run.seed(), run.targetEvaluations());
    }

    private static SearchFacts.Device device(String id, LatencyKind kind, String source,
            List<Constraint> constraints) {
        List<SearchFacts.Bound> bounds = new ArrayList<>();
        for (Constraint k : constraints) {
            if (id.equals(k.device()) && k.budget().metric() == Metric.LATENCY_MS) {
                bounds.add(new SearchFacts.Bound(k.budget().comparison().symbol() + " " + k.budget().boundText(),
                        k.budget().bound()));
            }
        }
        return new SearchFacts.Device(id, kind, source, bounds);
    }

    private static SearchFacts.Made made(RunData run) {
        RunManifest m = run.manifest();
        RunManifest.Versions v = m.versions();
        return new SearchFacts.Made(v.hwnas(), v.moeaFramework(), v.java(),
                m.onnxRuntime() == null ? "" : m.onnxRuntime(), v.os(), m.created(), v.host(), run.dir().toString(),
                run.dir().toAbsolutePath().toString(), run.resumeCommand());
    }

    private static SearchFacts.Outcome outcome(RunData run) {
        List<String> devices = run.devices().stream().map(RunData.Device::id).toList();
        List<Constraint> cons = run.constraints();
        Map<String, List<SearchFacts.Member>> planes = new LinkedHashMap<>();
        for (String d : devices) {
            // With more objectives than accuracy and this latency, the search's front is not this plane's front.
            List<Candidate> plane = run.objectives().size() == 2 ? run.front() : Fronts.front(List.of(
                    SearchObjective.of(Metric.ACCURACY), SearchObjective.latency(d)), cons, run.candidates());
            planes.put(d, members(run, plane, devices));
        }
        long measured = run.candidates().stream().filter(c -> measuredAnywhere(run, c)).count();
        return new SearchFacts.Outcome(members(run, run.candidates(), devices), members(run, run.front(), devices),
                planes, run.feasible(), members(run, run.violations(), devices), run.predictedFeasibleMeasured(),
                measured, run.failed());
    }

    private static boolean measuredAnywhere(RunData run, Candidate c) {
        for (RunData.Device d : run.devices()) {
            if (d.measures() && c.latency(d.id()).isMeasured()) {
                return true;
            }
        }
        return false;
    }

    private static List<SearchFacts.Member> members(RunData run, List<Candidate> cs, List<String> devices) {
        return cs.stream().map(c -> member(run, c, devices, Double.NaN)).toList();
    }

    private static SearchFacts.Member member(RunData run, Candidate c, List<String> devices, double testAccuracy) {
        List<Constraint> constraints = run.constraints();
        Map<String, LatencyEstimate> latency = new LinkedHashMap<>();
        Map<String, Double> worst = new LinkedHashMap<>();
        for (String d : devices) {
            latency.put(d, c.latency(d));
            worst.put(d, c.worstLatency(d));
        }
        Map<Metric, Double> g = c.graphMetrics();
        SearchFacts.Graph graph = new SearchFacts.Graph(g.getOrDefault(Metric.PARAMS, Double.NaN),
                g.getOrDefault(Metric.FLOPS, Double.NaN), g.getOrDefault(Metric.PEAK_MEMORY_MB, Double.NaN),
                g.getOrDefault(Metric.MODEL_SIZE_MB, Double.NaN));
        return new SearchFacts.Member(c.index(), c.arch(), c.accuracy(), testAccuracy, latency, worst, graph,
                Constraint.met(constraints, c), Constraint.violated(constraints, c), run.exportCommand(c.arch()));
    }

    /** Per device, each prediction paired with the measurement taken after it (two pairs or more). */
    private static List<SearchFacts.Parity> parity(RunData run) {
        List<SearchFacts.Parity> out = new ArrayList<>();
        for (RunData.Device d : run.devices()) {
            List<SearchFacts.Pair> pairs = new ArrayList<>();
            for (Candidate c : run.candidates()) {
                LatencyEstimate e = c.latency(d.id());
                if (e.isMeasured() && e.isPredicted()) {
                    pairs.add(new SearchFacts.Pair(e.measuredMs(), e.predictedMs()));
                }
            }
            if (pairs.size() >= 2) {
                Metrics m = Metrics.of(pairs.stream().mapToDouble(SearchFacts.Pair::measuredMs).toArray(),
                        pairs.stream().mapToDouble(SearchFacts.Pair::predictedMs).toArray());
                out.add(new SearchFacts.Parity(d.id(), d.source(), pairs, m));
            }
        }
        return out;
    }

    private static SearchFacts.Files files(RunData run) {
        List<String> devices = run.devices().stream().map(RunData.Device::id).toList();
        return new SearchFacts.Files(RunFiles.candidatesCsv(devices, run.constraints(), run.candidates()),
                RunFiles.candidatesCsv(devices, run.constraints(), run.front()), rows(run, run.front()),
                rows(run, run.violations()));
    }

    private static List<ObjectNode> rows(RunData run, List<Candidate> cs) {
        String export = run.manifest().commands().get(RunFiles.EXPORT);
        return cs.stream().map(c -> RunFiles.row(run.devices(), run.constraints(), c, export)).toList();
    }
}
