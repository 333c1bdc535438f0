package io.hwnas.cli.search;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hwnas.profilers.measure.CachingMeasurer;
import io.hwnas.core.search.Candidate;
import io.hwnas.core.search.ConfiguredExitShares;
import io.hwnas.core.search.ExitShares;
import io.hwnas.core.search.GenerationStats;
import io.hwnas.core.search.LatencyEstimate;
import io.hwnas.core.search.LatencyOracle;
import io.hwnas.core.search.RunFiles;
import io.hwnas.core.search.SearchResult;
import io.hwnas.core.search.SearchSetup;
import io.hwnas.core.search.SpeedLog;
import io.hwnas.core.space.EarlyExitSpace;
import io.hwnas.reports.search.FrontText;
import io.hwnas.reports.search.RunFacts;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** What {@code search} prints at its end for a person: the run, the front as a table, violations, hypervolume. */
final class SearchSummary {

    private final SearchResult r;
    private final List<CachingMeasurer> measurers;
    private final List<CachingMeasurer> references;
    private final ExitShares shares;
    private final boolean exits;

    /**
     * @param measurers  the measurers of the search's devices
     * @param references the measurers of spec-sheet devices' references that are not devices of the search
     * @param shares     where an early-exit space's shares came from, or null
     */
    SearchSummary(SearchResult r, List<CachingMeasurer> measurers, List<CachingMeasurer> references,
            ExitShares shares) {
        this.r = r;
        this.measurers = measurers;
        this.references = references;
        this.shares = shares;
        this.exits = EarlyExitSpace.of(r.setup().space()).isPresent();
    }

    void print(PrintWriter o) {
        SearchSetup s = r.setup();
        GenerationStats last = r.last();
        int fresh = measurers.stream().mapToInt(CachingMeasurer::fresh).sum()
                + references.stream().mapToInt(CachingMeasurer::fresh).sum();
        o.printf(Locale.ROOT, "%n%s search on %s, %s, seed %d: %d evaluations in %d generations, %.1f s%s%n",
                s.space().name(), s.latency().stream().map(l -> l.device() + " (" + l.kind() + ")").toList(),
                s.algorithm(), s.seed(), r.candidates().size(), last.generation(), last.elapsedMs() / 1000.0,
                measurers.isEmpty() && references.isEmpty() ? "" : "; " + fresh + " models measured now");
        o.printf("accuracy: %s; budgets: %s%n", s.accuracy().name(),
                s.constraints().isEmpty() ? "none" : s.constraints());
        o.printf("%s (%d architectures, %s):%n", r.feasible() ? "Pareto front" : "NO candidate meets the budgets; "
                + "the closest", r.front().size(), measurers.isEmpty() ? "latency from the oracle"
                : "latencies measured");
        front(o);
        if (exits) {
            o.printf("latency: expected over the exits (each exit's path measured, weighed by the share of inputs "
                    + "leaving there: %s); worst: the whole network; shares per member in %s%n",
                    shares instanceof ConfiguredExitShares ? "configured" : "measured on the validation split",
                    RunFiles.FRONT_JSON);
        }
        violations(o);
        o.printf(Locale.ROOT, "hypervolume %.4f (reference: accuracy %.4g, %s)%n", last.hypervolume(), r.nadir()[0],
                nadirText());
        o.printf("run directory: %s%n  %s, %s, %s, %s, %s%s%n", r.dir().toAbsolutePath(), RunFiles.FRONT_CSV,
                RunFiles.FRONT_JSON, RunFiles.CANDIDATES_CSV, RunFiles.HYPERVOLUME_CSV, RunFiles.MANIFEST,
                r.record().speed().isEmpty() ? "" : ", " + SpeedLog.FILE + " (the machine's speed at each "
                        + "measurement)");
    }

    /** The front as a table, by the first device's latency (the reports' text of it). */
    private void front(PrintWriter o) {
        o.print(FrontText.render(RunFacts.devices(r.record()), RunFacts.front(r.record(), r.heldOut()), exits));
    }

    /** The candidates predicted within budget and measured over it, when any was measured. */
    private void violations(PrintWriter o) {
        if (Double.isNaN(r.violationRate())) {
            return;
        }
        SearchSetup s = r.setup();
        o.printf(Locale.ROOT, "predicted within budget but measured over it: %d of %d measured candidates "
                + "(%.1f %%)%s%n", r.violations().size(), r.predictedFeasibleMeasured(), 100 * r.violationRate(),
                r.violations().isEmpty() ? "" : ":");
        for (Candidate c : r.violations().stream().limit(5).toList()) {
            ObjectNode row = RunFiles.row(s, c);
            List<String> parts = new ArrayList<>();
            for (LatencyOracle l : s.latency()) {
                LatencyEstimate e = c.latency(l.device());
                if (e.isMeasured() && e.isPredicted()) {
                    parts.add(String.format(Locale.ROOT, "%s predicted %.3f ms, measured %.3f ms", l.device(),
                            e.predictedMs(), e.measuredMs()));
                }
            }
            o.printf(Locale.ROOT, "  %9.2f  %s  violates %s  %s%n", c.accuracy(), String.join("; ", parts),
                    row.get("violated"), c.arch());
        }
        if (r.violations().size() > 5) {
            o.printf("  ... all %d in %s under \"violations\"%n", r.violations().size(), RunFiles.FRONT_JSON);
        }
    }

    /** The front's first three, nearest the budgets, for the message that none meets them. */
    static String closest(SearchResult r) {
        List<String> parts = new ArrayList<>();
        for (Candidate c : r.front().stream().limit(3).toList()) {
            ObjectNode row = RunFiles.row(r.setup(), c);
            parts.add(c.arch() + " (latency " + String.format(Locale.ROOT, "%.3f", row.get("latency_ms").asDouble())
                    + " ms, violates " + row.get("violated") + ")");
        }
        return String.join("; ", parts);
    }

    private String nadirText() {
        List<String> parts = new ArrayList<>();
        var objs = r.setup().objectives();
        for (int i = 1; i < objs.size(); i++) {
            parts.add(objs.get(i).key() + " " + String.format(Locale.ROOT, "%.4g", r.nadir()[i]));
        }
        return String.join(", ", parts);
    }
}
