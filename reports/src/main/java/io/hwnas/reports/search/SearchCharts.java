package io.hwnas.reports.search;

import io.hwnas.core.search.GenerationStats;
import io.hwnas.core.search.LatencyEstimate;
import io.hwnas.core.search.SpeedRow;
import io.hwnas.reports.chart.Charts;
import java.awt.Color;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The search report's charts, drawn from its facts: the front on each device, the search's progress, the first two
 * devices against each other, the predictor's parity plot and the machine's speed.
 */
public final class SearchCharts {

    private static final Color LIGHT_VERMILLION = new Color(0xF0, 0xB8, 0x9A);

    private final SearchFacts f;

    public SearchCharts(SearchFacts facts) {
        this.f = facts;
    }

    /** Accuracy against latency on one device: everything evaluated, the front, budgets, predictions joined. */
    public XYChart front(String device) {
        XYChart c = Charts.chart("Pareto front on " + device, "latency on " + device + " (ms)",
                f.asked().accuracy().label());
        // With more objectives than accuracy and this latency, the search's front is not a staircase in this plane:
        // draw the plane's own front as the staircase, and the other members of the search's front as points.
        List<SearchFacts.Member> front = new ArrayList<>(f.outcome().planeFronts().get(device));
        front.sort(Comparator.comparingDouble(x -> x.ms(device)));
        double yMin = yMin();
        double xMax = xMax(device);
        List<SearchFacts.Member> shown = f.outcome().candidates().stream()
                .filter(x -> x.accuracy() >= yMin && x.ms(device) <= xMax).toList();
        evaluated(c, device, front, shown);
        predictionsJoined(c, device, front, yMin);
        List<SearchFacts.Member> viol = f.outcome().violations().stream().filter(x -> x.accuracy() >= yMin).toList();
        if (!viol.isEmpty()) {
            Charts.points(c, "predicted in budget, measured over (" + viol.size() + ")", lat(viol, device), acc(viol),
                    Charts.ORANGE).setMarker(SeriesMarkers.SQUARE);
        }
        staircase(c, device, front);
        pruned(c, device);
        double yMax = shown.stream().mapToDouble(SearchFacts.Member::accuracy).max().orElse(100);
        for (SearchFacts.Bound b : device(device).latencyBudgets()) {
            Charts.line(c, "budget " + b.text() + " ms", new double[] {b.ms(), b.ms()},
                    new double[] {yMin, Math.min(100, yMax + 1)}, Charts.VERMILLION, true);
        }
        c.getStyler().setYAxisMin(yMin);
        c.getStyler().setXAxisMin(0.0);
        c.getStyler().setXAxisMax(xMax);
        return c;
    }

    /** The evaluated candidates off this plane's front: feasible, over a budget, and on the search's front. */
    private void evaluated(XYChart c, String device, List<SearchFacts.Member> front, List<SearchFacts.Member> shown) {
        Set<String> onFront = archs(front);
        Set<String> onSearchFront = archs(f.outcome().front());
        List<SearchFacts.Member> others = shown.stream().filter(x -> !onFront.contains(x.arch())
                && onSearchFront.contains(x.arch())).toList();
        List<SearchFacts.Member> rest = shown.stream().filter(x -> !onFront.contains(x.arch())
                && !onSearchFront.contains(x.arch())).toList();
        List<SearchFacts.Member> ok = rest.stream().filter(SearchFacts.Member::feasible).toList();
        List<SearchFacts.Member> bad = rest.stream().filter(x -> !x.feasible()).toList();
        if (!ok.isEmpty()) {
            Charts.points(c, "evaluated" + (f.asked().budgets().isEmpty() ? "" : ", feasible") + " (" + ok.size()
                    + ")", lat(ok, device), acc(ok), Charts.GREY);
        }
        if (!bad.isEmpty()) {
            Charts.points(c, "evaluated, over a budget (" + bad.size() + ")", lat(bad, device), acc(bad),
                    LIGHT_VERMILLION).setMarker(SeriesMarkers.CROSS);
        }
        if (!others.isEmpty()) {
            Charts.points(c, "front member via another objective (" + others.size() + ")", lat(others, device),
                    acc(others), Charts.GREEN).setMarker(SeriesMarkers.DIAMOND);
        }
    }

    /** What the predictor said before each measurement of the front and of the violations, joined to it. */
    private void predictionsJoined(XYChart c, String device, List<SearchFacts.Member> front, double yMin) {
        List<SearchFacts.Member> joined = new ArrayList<>();
        for (SearchFacts.Member m : front) {
            LatencyEstimate e = m.latency(device);
            if (e.isMeasured() && e.isPredicted()) {
                joined.add(m);
            }
        }
        for (SearchFacts.Member v : f.outcome().violations()) {
            if (v.accuracy() >= yMin && v.latency(device).isPredicted() && v.latency(device).isMeasured()) {
                joined.add(v);
            }
        }
        for (SearchFacts.Member p : joined) {
            LatencyEstimate e = p.latency(device);
            XYSeries s = Charts.line(c, "join " + p.index(), new double[] {e.predictedMs(), e.measuredMs()},
                    new double[] {p.accuracy(), p.accuracy()}, Charts.SKY, false);
            s.setLineWidth(1f);
            s.setShowInLegend(false);
        }
        if (!joined.isEmpty()) {
            double[] px = joined.stream().mapToDouble(x -> x.latency(device).predictedMs()).toArray();
            Charts.points(c, "prediction before measuring (joined)", px, acc(joined), Charts.SKY)
                    .setMarker(SeriesMarkers.TRIANGLE_UP);
        }
    }

    /** Each prune run measured on {@code device}: its pruned networks joined by a line, and its parent. */
    private void pruned(XYChart c, String device) {
        Color[] colours = {Charts.PURPLE, Charts.ORANGE, Charts.GREEN, Charts.BLACK};
        int k = 0;
        for (PrunedFront p : f.pruned()) {
            if (!p.device().equals(device)) {
                continue;
            }
            Color colour = colours[k++ % colours.length];
            List<PrunedFront.Point> points = new ArrayList<>(p.pruned());
            points.add(p.parent());
            points.sort(Comparator.comparingDouble(PrunedFront.Point::ms));
            XYSeries s = Charts.line(c, "pruned, " + p.label() + " (" + p.pruned().size() + ")",
                    points.stream().mapToDouble(PrunedFront.Point::ms).toArray(),
                    points.stream().mapToDouble(PrunedFront.Point::accuracy).toArray(), colour, false);
            s.setMarker(SeriesMarkers.CIRCLE);
            Charts.points(c, "parent, " + p.label(), new double[] {p.parent().ms()},
                    new double[] {p.parent().accuracy()}, colour).setMarker(SeriesMarkers.DIAMOND);
        }
    }

    private void staircase(XYChart c, String device, List<SearchFacts.Member> front) {
        if (front.isEmpty()) {
            return;
        }
        boolean feasible = f.outcome().feasible();
        String name = feasible ? (f.asked().objectives().size() == 2 ? "Pareto front" : "accuracy-latency front")
                + (device(device).measures() ? ", measured" : "") + " (" + front.size() + ")"
                : "closest to the budgets, none meets them (" + front.size() + ")";
        Charts.staircase(c, name, lat(front, device), acc(front), feasible ? Charts.BLUE : Charts.VERMILLION);
    }

    private SearchFacts.Device device(String id) {
        return f.asked().devices().stream().filter(d -> d.id().equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no device '" + id + "'; devices: " + f.deviceIds()));
    }

    /** The accuracy axis starts a little below the front's least accurate member. */
    private double yMin() {
        double minFront = f.outcome().front().stream().mapToDouble(SearchFacts.Member::accuracy).min().orElse(0);
        for (PrunedFront p : f.pruned()) {
            for (PrunedFront.Point x : p.pruned()) {
                minFront = Math.min(minFront, x.accuracy());
            }
        }
        return Math.max(0, Math.floor((minFront - 8) / 5) * 5);
    }

    /**
     * The latency axis ends at twice the larger of the front's slowest member and the budget: the plot is about the
     * front, and a few very slow candidates would squeeze it into a corner.
     */
    private double xMax(String device) {
        double slowest = f.outcome().front().stream().mapToDouble(x -> x.ms(device)).max().orElse(1);
        for (SearchFacts.Bound b : device(device).latencyBudgets()) {
            slowest = Math.max(slowest, b.ms());
        }
        double all = f.outcome().candidates().stream().mapToDouble(x -> x.ms(device)).max().orElse(slowest);
        double axis = Math.min(all * 1.02, slowest * 2);
        // A prune run drawn beside the search is shown whole, its parent included.
        for (PrunedFront p : f.pruned()) {
            if (p.device().equals(device)) {
                axis = Math.max(axis, p.parent().ms() * 1.05);
            }
        }
        return axis;
    }

    /** How many evaluated candidates fall outside the axes of {@link #front} on {@code device}. */
    int hidden(String device) {
        double yMin = yMin();
        double xMax = xMax(device);
        return (int) f.outcome().candidates().stream().filter(x -> x.accuracy() < yMin || x.ms(device) > xMax)
                .count();
    }

    /** Hypervolume against evaluations, this run and the baselines. */
    public XYChart progress() {
        XYChart c = Charts.chart("Search progress", "evaluations", "hypervolume (normalised, see reference)");
        List<String> names = new ArrayList<>();
        List<List<GenerationStats>> histories = new ArrayList<>();
        names.add(f.asked().algorithm() + ", seed " + f.asked().seed() + " (this run)");
        histories.add(f.progress().history());
        for (SearchFacts.Baseline b : f.progress().baselines()) {
            names.add(b.algorithm() + ", seed " + b.seed() + " (" + b.name() + ")");
            histories.add(b.history());
        }
        for (int i = 0; i < names.size(); i++) {
            List<GenerationStats> h = histories.get(i);
            if (h.isEmpty()) {
                continue;
            }
            double[] x = h.stream().mapToDouble(GenerationStats::evaluations).toArray();
            double[] y = h.stream().mapToDouble(GenerationStats::hypervolume).toArray();
            Color colour = Charts.CYCLE.get(i % Charts.CYCLE.size());
            XYSeries s = Charts.line(c, names.get(i), x, y, colour, false);
            if (x.length <= 40) {
                s.setMarker(SeriesMarkers.CIRCLE);
                s.setMarkerColor(colour);
            }
        }
        c.getStyler().setXAxisMin(0.0);
        return c;
    }

    /** Latency on two devices against each other, every candidate. */
    public XYChart devices(String a, String b) {
        XYChart c = Charts.chart(a + " against " + b, "latency on " + a + " (ms)", "latency on " + b + " (ms)");
        List<SearchFacts.Member> all = f.outcome().candidates();
        Charts.points(c, "evaluated (" + all.size() + ")", lat(all, a), lat(all, b), Charts.GREY);
        List<SearchFacts.Member> front = f.outcome().front();
        Charts.points(c, "Pareto front (" + front.size() + ")", lat(front, a), lat(front, b), Charts.BLUE);
        return c;
    }

    /**
     * The machine's speed factor against the time since the run began, a series per device, the measurements
     * flagged unsteady marked, and the baseline (1.0) drawn.
     */
    public XYChart speed() {
        MachineSpeed speed = f.speed();
        List<SpeedRow> drawn = speed.drawn();
        double end = drawn.stream().mapToDouble(speed::minutes).max().orElse(1);
        // A short search reads in seconds, a long one in minutes.
        double scale = end < 2 ? 60 : 1;
        XYChart c = Charts.chart("Machine speed during the search", (scale == 60 ? "seconds" : "minutes")
                + " since the search began", "speed factor (1 = the device's baseline, 1.2 = 20 % slower)");
        List<String> devices = drawn.stream().map(SpeedRow::device).distinct().toList();
        for (int i = 0; i < devices.size(); i++) {
            String d = devices.get(i);
            List<SpeedRow> rows = drawn.stream().filter(r -> r.device().equals(d)).toList();
            Charts.points(c, d + " (" + rows.size() + ")", times(speed, rows, scale), factors(rows),
                    Charts.CYCLE.get(i % Charts.CYCLE.size()));
        }
        List<SpeedRow> unsteady = drawn.stream().filter(SpeedRow::unsteady).toList();
        if (!unsteady.isEmpty()) {
            Charts.points(c, "flagged unsteady (" + unsteady.size() + ")", times(speed, unsteady, scale),
                    factors(unsteady), Charts.VERMILLION).setMarker(SeriesMarkers.CROSS);
        }
        Charts.line(c, "baseline", new double[] {0, Math.max(end * scale, 1e-3)}, new double[] {1, 1}, Charts.BLACK,
                true);
        c.getStyler().setXAxisMin(0.0);
        return c;
    }

    private static double[] times(MachineSpeed speed, List<SpeedRow> rows, double scale) {
        return rows.stream().mapToDouble(r -> speed.minutes(r) * scale).toArray();
    }

    private static double[] factors(List<SpeedRow> rows) {
        return rows.stream().mapToDouble(SpeedRow::speedFactor).toArray();
    }

    /** The predictor's predictions against the measurements taken after them on one device. */
    public static XYChart parity(SearchFacts.Parity p) {
        return Charts.parity("Predicted against measured on " + p.device(), p.measured(), p.predicted());
    }

    static double[] lat(List<SearchFacts.Member> ms, String device) {
        return ms.stream().mapToDouble(x -> x.ms(device)).toArray();
    }

    private static double[] acc(List<SearchFacts.Member> ms) {
        return ms.stream().mapToDouble(SearchFacts.Member::accuracy).toArray();
    }

    private static Set<String> archs(List<SearchFacts.Member> ms) {
        Set<String> out = new HashSet<>();
        ms.forEach(x -> out.add(x.arch()));
        return out;
    }
}
