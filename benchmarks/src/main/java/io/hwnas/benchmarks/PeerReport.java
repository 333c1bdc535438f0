package io.hwnas.benchmarks;

import io.hwnas.benchmarks.SearchPeers.Device;
import io.hwnas.benchmarks.SearchPeers.PeerRun;
import io.hwnas.core.search.AccuracyOracle;
import io.hwnas.core.stats.Stats;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * The tables and checks of {@link SearchPeers}: every run scored at every size, per device a table of the budget
 * ratio (median and range over seeds), of the regret, briefer ones of the {@code space} and {@code front}
 * references and of the time, then the floor, goal and time checks; and {@code runs.csv}, a row per run and
 * size.
 */
final class PeerReport {

    /** One run scored at size {@code n}: wall time and (Optuna) trials when its n-th evaluation was made. */
    record Row(PeerRun run, int n, PeerScorer.Score score, double wallMs, Integer trials) {}

    private static final double[][] GOALS = {{1000, 0.95}, {3000, 0.99}};
    private static final double REGRET_GOAL = 0.1;
    private static final int REGRET_AT = 1000;
    private static final double MS_PER_1000_GOAL = 5000;

    private final PeerOptions o;
    private final List<Device> devices;
    private final List<PeerRun> runs;
    private final List<Row> rows = new ArrayList<>();
    private final String defaultLabel;
    private final String optunaVersion;
    private final AccuracyOracle accuracy;

    PeerReport(PeerOptions o, List<Device> devices, List<PeerRun> runs, String defaultLabel,
            String optunaVersion, AccuracyOracle accuracy) {
        this.o = o;
        this.devices = devices;
        this.runs = runs;
        this.defaultLabel = defaultLabel;
        this.optunaVersion = optunaVersion;
        this.accuracy = accuracy;
        for (PeerRun r : runs) {
            PeerScorer scorer = device(r.device()).scorer();
            for (int n : o.sizes()) {
                if (n > r.target()) {
                    continue; // not measured: the run was not meant to go this far (--optuna-max)
                }
                int last = Math.min(n, r.evaluations()) - 1;
                rows.add(new Row(r, n, scorer.score(r.accuracy(), r.latency(), n),
                        last < 0 ? 0 : r.elapsedMs()[last], r.trials() == null || last < 0 ? null : r.trials()[last]));
            }
        }
    }

    /** The Markdown summary. */
    String summary(double totalSeconds) {
        StringBuilder md = new StringBuilder("# Search peers on nb201 (issue 17)\n\n");
        preamble(md);
        for (Device d : devices) {
            device(md, d);
        }
        md.append("## Checks\n\n");
        floor(md);
        goals(md);
        time(md);
        md.append(String.format(Locale.ROOT, "%ntotal wall time of this benchmark: %.1f s%n", totalSeconds));
        return md.toString();
    }

    private void preamble(StringBuilder md) {
        md.append(String.format(Locale.ROOT, "Accuracy oracle %s (%s); latency table %s; %d seeds from %d; sizes %s "
                + "(distinct evaluations); Java %s, %d available processors.%n%n", accuracy.name(), accuracy.source(),
                o.table(), o.seeds(), o.firstSeed(), Arrays.toString(o.sizes()), System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors()));
        md.append(String.format(Locale.ROOT, "Budget: B = percentile %s of the device's latencies over all "
                + "cells (core `Stats.percentile`: type 7, linear interpolation between order statistics, numpy's "
                + "default). Every search gets `latency_ms<=B`: hwnas as its SearchSetup budget (parsed as `./hwnas "
                + "search --budget` parses it), Optuna as `constraints_func` = [latency − B] (<= 0 is feasible).%n%n",
                SearchQuality.num(o.percentile())));
        md.append("Algorithms: ").append(String.join(", ", o.algorithms().stream().map(this::label).toList()))
                .append(". `*` = hwnas's default (the SearchSetup builder's). hwnas: in this JVM, `SearchRun.run` "
                + "with its defaults, evaluations = the largest size; its first n candidates by `Candidate.index()` "
                + "are its first n distinct evaluations. Optuna ").append(optunaVersion.isEmpty() ? "(not run)"
                        : optunaVersion).append(" (Python, `bench/lib/optuna_nb201.py`, ").append(o.jobs())
                .append(" processes at a time, alongside the hwnas searches): six categorical parameters (the cell's "
                + "edges, five operations each), objectives accuracy (max) and latency (min) from the tables; "
                + "`optuna:nsga2` = NSGAIISampler(seed, constraints_func), otherwise default (population_size 50, "
                + "crossover_prob 0.9, swapping_prob 0.5, mutation_prob 1/6, uniform crossover); `optuna:tpe` = "
                + "TPESampler(seed, constraints_func), multi-objective as the study has two directions, otherwise "
                + "default (n_startup_trials 10, n_ei_candidates 24, multivariate False, consider_prior True, "
                + "prior_weight 1.0, default gamma and weights; the script computes TPE's below/above split once "
                + "per trial instead of once per parameter, which proposes exactly the same trials several times "
                + "faster: `--plain` in the script turns it off). A trial proposing an architecture already "
                + "evaluated is told its cached values and does not count; a search stops at the largest size in "
                + "distinct architectures, or at 30 × that many trials (a capped run is reported).");
        o.optunaMax().forEach((k, v) -> md.append(" optuna:").append(k).append(" runs to at most ").append(v)
                .append(" distinct evaluations (`--optuna-max`); its cells above are not measured (–)."));
        md.append("\n\n");
        md.append("Hypervolume ratio = hv(found feasible front) / hv(true feasible front of all cells), 2-D, accuracy "
                + "maximised and latency minimised, normalised between ideal (largest accuracy, smallest latency of "
                + "all cells) and a nadir, reference point at the nadir; found and true points are both restricted "
                + "to latency <= B. References: `budget` (the issue's) nadir = (median accuracy of all cells, B); "
                + "`space` nadir = (smallest accuracy, largest latency of all cells); `front` nadir = (smallest "
                + "accuracy, largest latency of the true feasible front's members). Regret = best accuracy of any "
                + "cell with latency <= B minus the best accuracy among the feasible points found, in accuracy "
                + "points (%); a run that found no feasible point has regret = that best accuracy, and is counted. "
                + "Cells: median (min–max) over seeds.\n\n");
    }

    private void device(StringBuilder md, Device d) {
        PeerScorer s = d.scorer();
        md.append("## ").append(d.name()).append(String.format(Locale.ROOT, " (B = %s ms)%n%n",
                Double.toString(d.budget())));
        md.append(String.format(Locale.ROOT, "%d cells, %d within the budget; true feasible front %d members; best "
                + "feasible accuracy %.4f; median accuracy %.4f. True hypervolumes (sweep): budget %.6f, space "
                + "%.6f, front %.6f; largest difference from MOEA Framework's: %.1e.%n%n", d.cells().size(),
                s.feasibleCells(), s.frontSize(), s.bestFeasible(), s.medianAccuracy(),
                s.boxes().get(0).trueHypervolume(), s.boxes().get(1).trueHypervolume(),
                s.boxes().get(2).trueHypervolume(), d.moeaDifference()));
        md.append("Budget hypervolume ratio:\n\n");
        table(md, d, r -> r.score().ratio(0), "%.4f", true);
        md.append("\nRegret (accuracy points):\n\n");
        table(md, d, r -> r.score().regret(), "%.2f", true);
        long none = rows.stream().filter(r -> r.run().device().equals(d.name()) && !r.score().feasibleFound())
                .count();
        md.append(String.format(Locale.ROOT, "%nRuns × sizes with no feasible point found: %d.%n%n", none));
        md.append("`space` reference ratio (median):\n\n");
        table(md, d, r -> r.score().ratio(1), "%.4f", false);
        md.append("\n`front` reference ratio (median):\n\n");
        table(md, d, r -> r.score().ratio(2), "%.4f", false);
        md.append('\n');
        timeTable(md, d);
    }

    /** Rows = sizes, columns = algorithms: the median of {@code value} over seeds, with its range when asked. */
    private void table(StringBuilder md, Device d, ToDoubleFunction<Row> value, String format, boolean range) {
        md.append("| evaluations |");
        o.algorithms().forEach(a -> md.append(' ').append(label(a)).append(" |"));
        md.append("\n|---|").append("---|".repeat(o.algorithms().size())).append('\n');
        for (int n : o.sizes()) {
            md.append("| ").append(n).append(" |");
            for (String a : o.algorithms()) {
                double[] x = values(d.name(), a, n, value);
                md.append(' ').append(x.length == 0 ? "–" : String.format(Locale.ROOT, format, Stats.median(x)));
                if (range && x.length > 0) {
                    md.append(String.format(Locale.ROOT, " (" + format + "–" + format + ")", SearchQuality.min(x),
                            SearchQuality.max(x)));
                }
                md.append(" |");
            }
            md.append('\n');
        }
    }

    private void timeTable(StringBuilder md, Device d) {
        int last = o.largest();
        md.append("Time (wall of the whole run, to ").append(last).append(" distinct evaluations or its "
                + "`--optuna-max`; hwnas also per 1,000 evaluations):\n\n| algorithm | wall s | ms per 1,000 "
                + "evaluations | evaluations done | Optuna trials | capped | cached |\n"
                + "|---|---|---|---|---|---|---|\n");
        for (String a : o.algorithms()) {
            List<PeerRun> rs = runs.stream().filter(r -> r.device().equals(d.name()) && r.algorithm().equals(a))
                    .toList();
            if (rs.isEmpty()) {
                continue;
            }
            double[] wall = rs.stream().mapToDouble(r -> r.wallMs() / 1e3).toArray();
            double[] per = rs.stream().mapToDouble(PeerRun::msPer1000).toArray();
            double[] done = rs.stream().mapToDouble(PeerRun::evaluations).toArray();
            boolean optuna = a.startsWith("optuna:");
            String trials = optuna ? medianRange(rs.stream().mapToDouble(r -> r.trials()[r.trials().length - 1])
                    .toArray(), "%.0f") : "";
            md.append("| ").append(label(a)).append(" | ").append(medianRange(wall, "%.2f")).append(" | ")
                    .append(optuna ? "" : medianRange(per, "%.0f")).append(" | ").append(medianRange(done, "%.0f"))
                    .append(" | ").append(trials).append(" | ").append(optuna ? rs.stream().filter(PeerRun::capped)
                            .count() : "").append(" | ").append(optuna ? rs.stream().filter(PeerRun::cached)
                                    .count() : "").append(" |\n");
        }
        md.append('\n');
    }

    /** The floor: hwnas's default ahead of every peer in median budget ratio at every size on every device. */
    private void floor(StringBuilder md) {
        List<String> peers = o.algorithms().stream().filter(a -> !a.equals(defaultLabel)
                && (a.startsWith("optuna:") || a.equals("hwnas:random"))).toList();
        if (!o.algorithms().contains(defaultLabel) || peers.isEmpty()) {
            md.append("- Floor: not checked (the default ").append(defaultLabel).append(" and a peer must both run)"
                    + ".\n");
            return;
        }
        List<String> missed = new ArrayList<>();
        List<String> unmeasured = new ArrayList<>();
        for (Device d : devices) {
            for (int n : o.sizes()) {
                double[] mine = values(d.name(), defaultLabel, n, r -> r.score().ratio(0));
                for (String p : peers) {
                    double[] theirs = values(d.name(), p, n, r -> r.score().ratio(0));
                    if (mine.length == 0 || theirs.length == 0) {
                        unmeasured.add(p + " at " + n);
                    } else if (!(Stats.median(mine) > Stats.median(theirs))) {
                        missed.add(String.format(Locale.ROOT, "%s at %d: %.4f vs %s %.4f", d.name(), n,
                                Stats.median(mine), p, Stats.median(theirs)));
                    }
                }
            }
        }
        md.append("- Floor: the default (").append(defaultLabel).append(") is ahead of every peer (")
                .append(String.join(", ", peers)).append(") in median budget ratio at every size on every device: ")
                .append(missed.isEmpty() ? "met" : "missed (" + String.join("; ", missed) + ")");
        if (!unmeasured.isEmpty()) {
            md.append("; not compared where unmeasured: ").append(String.join(", ",
                    unmeasured.stream().distinct().toList()));
        }
        md.append(".\n");
    }

    /** The goal, per device: median ratio at 1,000 and 3,000, median regret at 1,000. */
    private void goals(StringBuilder md) {
        md.append("- Goal (").append(defaultLabel).append("): median budget ratio >= 0.95 at 1000 / >= 0.99 at "
                + "3000; median regret <= 0.1 at 1000:");
        for (Device d : devices) {
            List<String> parts = new ArrayList<>();
            boolean met = true;
            for (double[] g : GOALS) {
                double[] x = values(d.name(), defaultLabel, (int) g[0], r -> r.score().ratio(0));
                parts.add(x.length == 0 ? "ratio at " + (int) g[0] + " not measured"
                        : String.format(Locale.ROOT, "ratio at %d %.4f", (int) g[0], Stats.median(x)));
                met &= x.length > 0 && Stats.median(x) >= g[1];
            }
            double[] reg = values(d.name(), defaultLabel, REGRET_AT, r -> r.score().regret());
            parts.add(reg.length == 0 ? "regret at 1000 not measured"
                    : String.format(Locale.ROOT, "regret at 1000 %.3f", Stats.median(reg)));
            met &= reg.length > 0 && Stats.median(reg) <= REGRET_GOAL;
            md.append("\n  - ").append(d.name()).append(": ").append(met ? "met" : "missed").append(" (")
                    .append(String.join(", ", parts)).append(')');
        }
        md.append('\n');
    }

    /** The search's own time with table oracles: median ms per 1,000 evaluations of each hwnas algorithm. */
    private void time(StringBuilder md) {
        List<String> hwnas = o.algorithms().stream().filter(a -> a.startsWith("hwnas:")).toList();
        List<String> parts = new ArrayList<>();
        double mine = Double.NaN;
        for (String a : hwnas) {
            double m = Stats.median(runs.stream().filter(r -> r.algorithm().equals(a))
                    .mapToDouble(PeerRun::msPer1000).toArray());
            parts.add(String.format(Locale.ROOT, "%s %.2f s", label(a), m / 1e3));
            mine = a.equals(defaultLabel) ? m : mine;
        }
        boolean alongside = runs.stream().anyMatch(r -> r.algorithm().startsWith("optuna:") && !r.cached());
        md.append("- Time: search's own time < 5 s per 1000 evaluations (the default, median over every device and "
                + "seed, whole run with table oracles): ").append(Double.isNaN(mine) ? "not measured"
                        : mine < MS_PER_1000_GOAL ? "met" : "missed").append(" (").append(String.join(", ", parts))
                .append(alongside ? "; Optuna processes ran alongside, so these are upper bounds" : "")
                .append(").\n");
    }

    /** runs.csv: one row per run and size. */
    void writeRuns(Path file) throws IOException {
        StringBuilder b = new StringBuilder("device,algorithm,seed,n,ratio_budget,ratio_space,ratio_front,regret,"
                + "feasible_found,wall_ms,evaluations_done,trials\n");
        for (Row r : rows) {
            PeerRun run = r.run();
            b.append(run.device()).append(',').append(run.algorithm()).append(',').append(run.seed()).append(',')
                    .append(r.n()).append(',').append(r.score().ratio(0)).append(',').append(r.score().ratio(1))
                    .append(',').append(r.score().ratio(2)).append(',').append(r.score().regret()).append(',')
                    .append(r.score().feasibleFound()).append(',')
                    .append(String.format(Locale.ROOT, "%.1f", r.wallMs())).append(',').append(run.evaluations())
                    .append(',').append(r.trials() == null ? "" : r.trials().toString()).append('\n');
        }
        Files.writeString(file, b.toString(), StandardCharsets.UTF_8);
    }

    private String label(String algorithm) {
        return algorithm.equals(defaultLabel) ? algorithm + " *" : algorithm;
    }

    private double[] values(String device, String algorithm, int n, ToDoubleFunction<Row> value) {
        return rows.stream().filter(r -> r.n() == n && r.run().device().equals(device)
                && r.run().algorithm().equals(algorithm)).mapToDouble(value).toArray();
    }

    private Device device(String name) {
        return devices.stream().filter(d -> d.name().equals(name)).findFirst().orElseThrow();
    }

    private static String medianRange(double[] x, String format) {
        return x.length == 0 ? "–" : String.format(Locale.ROOT, format + " (" + format + "–" + format + ")",
                Stats.median(x), SearchQuality.min(x), SearchQuality.max(x));
    }
}
