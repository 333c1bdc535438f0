package io.hwnas.reports.search;

import io.hwnas.core.search.LatencyKind;
import io.hwnas.core.predict.Metrics;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The words every format of the search report shares: its title, the summary's rows, the hypervolume's reference. */
final class SearchText {

    private SearchText() {}

    static String title(SearchFacts f) {
        return "hwnas search: " + f.asked().space() + " on " + String.join(", ", f.deviceIds());
    }

    /** The summary as (name, value) rows: what was asked, how far the search went, with what it was made. */
    static List<String[]> summary(SearchFacts f) {
        SearchFacts.Asked a = f.asked();
        SearchFacts.Outcome o = f.outcome();
        int generations = f.progress().generations();
        List<String[]> rows = new ArrayList<>();
        rows.add(row("status", f.progress().finished() ? "finished" : "PARTIAL: the search was stopped after "
                + "generation " + generations + "; this is what it had done"));
        rows.add(row("space", a.space()));
        for (SearchFacts.Device d : a.devices()) {
            rows.add(row("device " + d.id(), kindText(d.kind()) + " (" + d.source() + ")"));
        }
        rows.add(row("budgets", a.budgets().isEmpty() ? "none" : String.join(", ", a.budgets())));
        rows.add(row("accuracy oracle", a.accuracy().name() + " (" + a.accuracy().source() + ")"));
        rows.add(row("objectives", String.join(", ", a.objectives().stream()
                .map(x -> x.key() + (x.maximised() ? " (max)" : " (min)")).toList())));
        rows.add(row("algorithm", a.algorithm() + ", population " + a.population()));
        rows.add(row("seed", Long.toString(a.seed())));
        rows.add(row("evaluations", o.candidates().size() + " of " + a.targetEvaluations() + " asked, in "
                + generations + " generations"));
        if (f.measures()) {
            rows.add(row("measured on the device", o.measured() + " candidates"));
        }
        if (f.measures() && !f.speed().driftControl().isEmpty()) {
            rows.add(row("latencies", latencies(f.speed())));
        }
        var history = f.progress().history();
        rows.add(row("wall time", history.isEmpty() ? "-" : String.format(Locale.ROOT, "%.1f s",
                history.get(history.size() - 1).elapsedMs() / 1000.0)));
        if (!o.failed().isEmpty()) {
            Map.Entry<String, String> first = o.failed().entrySet().iterator().next();
            rows.add(row("failed candidates", o.failed().size() + " left out, e.g. " + first.getKey() + ": "
                    + first.getValue()));
        }
        if (!Double.isNaN(o.violationRate())) {
            rows.add(row("predicted within budget, measured over", String.format(Locale.ROOT,
                    "%d of %d measured candidates (%.1f %%)", o.violations().size(), o.predictedFeasibleMeasured(),
                    100 * o.violationRate())));
        }
        rows.addAll(made(f.made()));
        return rows;
    }

    private static List<String[]> made(SearchFacts.Made m) {
        return List.of(row("versions", "hwnas " + m.hwnas() + ", MOEA Framework " + m.moeaFramework() + ", Java "
                        + m.java() + (m.onnxRuntime().isEmpty() ? "" : ", ONNX Runtime " + m.onnxRuntime()) + ", "
                        + m.os()),
                row("created", m.created() + " on " + m.host()),
                row("run directory", m.absoluteDir()));
    }

    private static String[] row(String name, String value) {
        return new String[] {name, value};
    }

    private static String kindText(LatencyKind kind) {
        return switch (kind) {
            case LOOP -> "predictor in the loop, front measured";
            case MEASURED -> "every candidate measured";
            case PREDICTED -> "predicted only, by a saved predictor";
            case SPEC -> "predicted only, from the spec sheet";
            case TABLE -> "published table";
        };
    }

    /** Whether measured latencies were corrected for the machine's speed. */
    static String latencies(MachineSpeed s) {
        return s.corrected() ? "corrected for the machine's speed (drift control on): each model timed beside the "
                + "device's reference model" : "raw medians (drift control off)";
    }

    /** One device's speed over the run, as (name, value) rows. */
    static List<String[]> speed(MachineSpeed.DeviceSpeed d) {
        List<String[]> rows = new ArrayList<>();
        rows.add(row("measurements", d.measurements() + (d.found() == 0 ? "" : " (" + d.found()
                + " found in the database, taken earlier)")));
        rows.add(row("speed factor", Double.isNaN(d.median()) ? "-" : String.format(Locale.ROOT,
                "median %.3f, min %.3f, max %.3f", d.median(), d.min(), d.max())));
        rows.add(row("flagged unsteady", Double.isNaN(d.unsteadyShare()) ? "-" : String.format(Locale.ROOT,
                "%.1f %%", 100 * d.unsteadyShare())));
        if (d.withoutFactor() > 0) {
            rows.add(row("without a speed factor", d.withoutFactor() + " (found measured without drift control; "
                    + "used raw)"));
        }
        return rows;
    }

    /** What the progress chart's hypervolume is measured against. */
    static String reference(SearchFacts f) {
        List<String> parts = new ArrayList<>();
        for (SearchFacts.Objective o : f.asked().objectives()) {
            parts.add(o.key() + " " + fmt(o.ideal()) + " (ideal) to " + fmt(o.nadir()) + " (nadir)");
        }
        return "Hypervolume of the feasible front of everything evaluated so far, each objective normalised between "
                + "the reference's ideal and nadir, the reference point at the nadir: " + String.join("; ", parts)
                + ". It can fall when a measurement replaces a prediction.";
    }

    /** A predictor's figures against the measurements, as (name, value) rows. */
    static List<String[]> metrics(Metrics m) {
        return List.of(row("pairs", Integer.toString(m.n())),
                row("within ±10 %", String.format(Locale.ROOT, "%.1f %%", 100 * m.within10())),
                row("within ±5 %", String.format(Locale.ROOT, "%.1f %%", 100 * m.within5())),
                row("MAPE", String.format(Locale.ROOT, "%.1f %%", 100 * m.mape())),
                row("RMSE", String.format(Locale.ROOT, "%.3f ms", m.rmseMs())),
                row("Spearman", String.format(Locale.ROOT, "%.3f", m.spearman())),
                row("Kendall", String.format(Locale.ROOT, "%.3f", m.kendall())));
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.4g", v);
    }
}
