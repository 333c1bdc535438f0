package io.hwnas.reports.search;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hwnas.core.predict.Metrics;
import io.hwnas.core.search.GenerationStats;
import io.hwnas.core.search.SpeedLog;
import io.hwnas.reports.json.JsonText;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The search report as JSON: everything the HTML page shows, as data. The front and the violations are rows of the
 * run's {@code front.json}.
 */
public final class JsonSearchReport {

    private final SearchFacts f;

    public JsonSearchReport(SearchFacts facts) {
        this.f = facts;
    }

    public String render() {
        ObjectNode o = JsonText.object();
        o.put("partial", !f.progress().finished());
        ObjectNode s = o.putObject("summary");
        for (String[] r : SearchText.summary(f)) {
            s.put(r[0], r[1]);
        }
        o.put("space", f.asked().space());
        o.put("algorithm", f.asked().algorithm());
        o.put("seed", f.asked().seed());
        o.put("feasible", f.outcome().feasible());
        ArrayNode budgets = o.putArray("budgets");
        f.asked().budgets().forEach(budgets::add);
        o.putArray("front").addAll(f.files().frontRows());
        o.putArray("violations").addAll(f.files().violationRows());
        double rate = f.outcome().violationRate();
        if (Double.isNaN(rate)) {
            o.putNull("violation_rate");
        } else {
            o.put("violation_rate", rate);
        }
        ObjectNode preds = o.putObject("predictors");
        for (SearchFacts.Parity p : f.parity()) {
            preds.set(p.device(), metrics(p.metrics()));
        }
        o.set("machine_speed", speed(f.speed()));
        if (!f.pruned().isEmpty()) {
            ObjectNode pr = o.putObject("pruning");
            if (f.searchSeen() < 0) {
                pr.putNull("search_training_seen");
            } else {
                pr.put("search_training_seen", f.searchSeen());
            }
            ArrayNode runs = pr.putArray("runs");
            for (PrunedFront p : f.pruned()) {
                ObjectNode r = runs.addObject().put("label", p.label()).put("device", p.device())
                        .put("training_seen", p.seen()).put("unit", p.unit());
                point(r.putObject("parent"), p.parent());
                ArrayNode list = r.putArray("pruned");
                p.pruned().forEach(x -> point(list.addObject(), x));
            }
        }
        ArrayNode hist = o.putArray("history");
        for (GenerationStats g : f.progress().history()) {
            hist.addObject().put("generation", g.generation()).put("evaluations", g.evaluations())
                    .put("hypervolume", g.hypervolume()).put("front_size", g.frontSize()).put("measured", g.measured());
        }
        return JsonText.write(o);
    }

    private static void point(ObjectNode o, PrunedFront.Point x) {
        o.put("arch", x.arch()).put("accuracy", x.accuracy()).put("latency_ms", x.ms()).put("ratio", x.ratio())
                .put("fine_tune_steps", x.fineTuneSteps());
    }

    /** Whether latencies were corrected, and each device's speed factor over the run (or why there is none). */
    private static ObjectNode speed(MachineSpeed s) {
        ObjectNode o = JsonText.object();
        if (s.driftControl().isEmpty()) {
            o.putNull("drift_control");
        } else {
            o.put("drift_control", s.driftControl());
        }
        o.put("latencies_corrected", s.corrected());
        if (s.none().isPresent()) {
            o.put("note", s.none().get());
        } else {
            o.put("file", SpeedLog.FILE);
        }
        ArrayNode devices = o.putArray("devices");
        for (MachineSpeed.DeviceSpeed d : s.devices()) {
            Map<String, Object> n = new LinkedHashMap<>();
            n.put("device", d.device());
            n.put("measurements", d.measurements());
            n.put("found", d.found());
            n.put("without_speed_factor", d.withoutFactor());
            n.put("median_speed_factor", orNull(d.median()));
            n.put("min_speed_factor", orNull(d.min()));
            n.put("max_speed_factor", orNull(d.max()));
            n.put("unsteady_share", orNull(d.unsteadyShare()));
            devices.add(JsonText.tree(n));
        }
        return o;
    }

    /** NaN (not known) as JSON's null. */
    private static Double orNull(double v) {
        return Double.isNaN(v) ? null : v;
    }

    private static ObjectNode metrics(Metrics m) {
        Map<String, Object> mm = new LinkedHashMap<>();
        mm.put("n", m.n());
        mm.put("within10", m.within10());
        mm.put("within5", m.within5());
        mm.put("mape", m.mape());
        mm.put("rmse_ms", m.rmseMs());
        mm.put("spearman", m.spearman());
        mm.put("kendall", m.kendall());
        return JsonText.tree(mm);
    }
}
