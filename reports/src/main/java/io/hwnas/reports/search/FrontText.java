package io.hwnas.reports.search;

import io.hwnas.core.search.LatencyEstimate;
import java.util.List;
import java.util.Locale;

/**
 * The front as the plain-text table that {@code hwnas search} prints when it ends: accuracy, the test accuracy when
 * the oracle has held-out data, per device the latency in ms (what a predictor in the loop said, and the worst case
 * of a network with early exits), parameters in millions, feasibility and the architecture, sorted by latency on
 * the first device.
 *
 * <pre>{@code
 * // a search that has just ended:
 * String table = FrontText.render(RunFacts.devices(result.record()), RunFacts.front(result.record(),
 *         result.heldOut()), earlyExits);
 * // a saved run:
 * SearchFacts f = RunFacts.of(RunDirectory.load(dir), List.of());
 * String same = FrontText.render(f.asked().devices(), f.outcome().front(), earlyExits);
 * }</pre>
 */
public final class FrontText {

    private FrontText() {}

    /**
     * The header line and one line per member, each ending in a newline.
     *
     * @param devices   the search's latency devices, in its order
     * @param front     the front's members; a test-accuracy column is shown when any has one
     * @param worstCase whether every device gets a column of the worst-case latency (a space with early exits)
     */
    public static String render(List<SearchFacts.Device> devices, List<SearchFacts.Member> front, boolean worstCase) {
        boolean test = front.stream().anyMatch(m -> !Double.isNaN(m.testAccuracy()));
        StringBuilder b = new StringBuilder(String.format("%9s", "accuracy"));
        if (test) {
            b.append(String.format(" %9s", "test acc"));
        }
        for (SearchFacts.Device d : devices) {
            b.append(String.format(" %14s", trim(d.id(), 11) + " ms"));
            if (d.loop()) {
                b.append(String.format(" %9s", "predicted"));
            }
            if (worstCase) {
                b.append(String.format(" %9s", "worst ms"));
            }
        }
        b.append(String.format(" %9s %8s  %s", "M params", "feasible", "architecture")).append('\n');
        for (SearchFacts.Member m : SearchFacts.byLatency(front, devices.get(0).id())) {
            line(b, devices, m, test, worstCase);
        }
        return b.toString();
    }

    private static void line(StringBuilder b, List<SearchFacts.Device> devices, SearchFacts.Member m, boolean test,
            boolean worstCase) {
        b.append(String.format(Locale.ROOT, "%9.2f", m.accuracy()));
        if (test) {
            b.append(Double.isNaN(m.testAccuracy()) ? String.format(" %9s", "-")
                    : String.format(Locale.ROOT, " %9.2f", m.testAccuracy()));
        }
        for (SearchFacts.Device d : devices) {
            LatencyEstimate e = m.latency(d.id());
            b.append(String.format(Locale.ROOT, " %14.3f", e.bestMs()));
            if (d.loop()) {
                b.append(e.isPredicted() ? String.format(Locale.ROOT, " %9.3f", e.predictedMs())
                        : String.format(" %9s", "-"));
            }
            if (worstCase) {
                b.append(String.format(Locale.ROOT, " %9.3f", m.worstMs().get(d.id())));
            }
        }
        // A network whose parameters were not computed shows 0, as the search's own table always has; feasible means
        // over no budget, as in front.json.
        double params = Double.isNaN(m.graph().params()) ? 0 : m.graph().params();
        b.append(String.format(Locale.ROOT, " %9.3f %8s  %s", params / 1e6, m.violated().isEmpty() ? "yes" : "NO",
                m.arch())).append('\n');
    }

    private static String trim(String s, int n) {
        return s.length() <= n ? s : s.substring(0, n);
    }
}
