package io.hwnas.reports.search;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The words and rows of the prune runs beside a search, for every format. */
final class PruneText {

    private PruneText() {}

    /** The training each prune run and the search consumed, in one sentence. */
    static String compute(SearchFacts f) {
        StringBuilder b = new StringBuilder();
        String unit = f.pruned().get(0).unit();
        b.append("Training compute: the search's trainings saw ")
                .append(f.searchSeen() < 0 ? "nothing (its accuracy did not come from training)"
                        : String.format(Locale.ROOT, "%,d %s", f.searchSeen(), unit));
        for (PrunedFront p : f.pruned()) {
            b.append(String.format(Locale.ROOT, "; %s: %,d %s (the parent's training and %d fine-tunings)",
                    p.label(), p.seen(), p.unit(), p.pruned().size()));
        }
        return b.append('.').toString();
    }

    /** The columns of {@link #rows}. */
    static final List<String> HEADER = List.of("", "architecture", "units kept", "accuracy (%)", "latency (ms)",
            "fine-tuning steps");

    /** One row per network, the parent first: role, architecture, ratio, accuracy, latency, fine-tuning steps. */
    static List<String[]> rows(PrunedFront p) {
        List<String[]> out = new ArrayList<>();
        out.add(row("parent", p.parent()));
        for (PrunedFront.Point x : p.pruned()) {
            out.add(row("pruned", x));
        }
        return out;
    }

    private static String[] row(String role, PrunedFront.Point x) {
        return new String[] {role, x.arch(), String.format(Locale.ROOT, "%.3f", x.ratio()),
            String.format(Locale.ROOT, "%.2f", x.accuracy()), String.format(Locale.ROOT, "%.3f", x.ms()),
            Integer.toString(x.fineTuneSteps())};
    }
}
