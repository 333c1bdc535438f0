package io.hwnas.reports.search;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hwnas.core.search.LatencyKind;
import io.hwnas.core.search.LatencyEstimate;
import io.hwnas.core.search.RunDirectory;
import io.hwnas.core.search.SearchListener;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The front's terminal table, character for character as {@code hwnas search} has printed it (checked against the
 * command's output on a two-device table search and an early-exit search when the table moved here).
 */
class FrontTextTest {

    @TempDir
    Path tmp;

    private static final List<SearchFacts.Device> DEVICES = List.of(
            new SearchFacts.Device("essential_ph_1_ms", LatencyKind.TABLE, "HELP", List.of()),
            new SearchFacts.Device("phone", LatencyKind.LOOP, "a predictor in the loop", List.of()));

    private static SearchFacts.Member member(String arch, double accuracy, double test, double table,
            LatencyEstimate phone, double params, List<String> violated) {
        Map<String, LatencyEstimate> latency = new LinkedHashMap<>();
        latency.put("essential_ph_1_ms", LatencyEstimate.measured(table));
        latency.put("phone", phone);
        Map<String, Double> worst = Map.of("essential_ph_1_ms", table, "phone", 1.5 * phone.bestMs());
        return new SearchFacts.Member(0, arch, accuracy, test, latency, worst,
                new SearchFacts.Graph(params, Double.NaN, Double.NaN, Double.NaN), violated.isEmpty(), violated,
                "./hwnas export");
    }

    @Test
    void everyColumnSortedByTheFirstDevicesLatencyEqualOnesInTheirOrder() {
        List<SearchFacts.Member> front = List.of(
                member("c", 93.255, 92.5, 13, new LatencyEstimate(21.25, 19.5), 372_000,
                        List.of("phone:latency_ms<=20")),
                member("a", 86.39, Double.NaN, 4, LatencyEstimate.measured(7.5), 73_000, List.of()),
                member("b", 89.0, 88.125, 4, LatencyEstimate.predicted(8.0625), Double.NaN, List.of()));
        assertEquals("""
                 accuracy  test acc essential_p ms  worst ms       phone ms predicted  worst ms  M params feasible  \
                architecture
                    86.39         -          4.000     4.000          7.500         -    11.250     0.073      yes  a
                    89.00     88.13          4.000     4.000          8.063     8.063    12.094     0.000      yes  b
                    93.26     92.50         13.000    13.000         21.250    19.500    31.875     0.372       NO  c
                """, FrontText.render(DEVICES, front, true));
    }

    @Test
    void withoutHeldOutDataOrExitsTheTableHasNeitherColumn() {
        List<SearchFacts.Member> front = List.of(member("a", 86.39, Double.NaN, 4, LatencyEstimate.measured(7.5),
                73_000, List.of()));
        assertEquals("""
                 accuracy essential_p ms       phone ms predicted  M params feasible  architecture
                    86.39          4.000          7.500         -     0.073      yes  a
                """, FrontText.render(DEVICES, front, false));
    }

    @Test
    void aSavedRunPrintsItsFrontAsTheSearchDid() throws Exception {
        SearchFacts f = RunFacts.of(RunDirectory.load(Runs.tables(tmp.resolve("t"), 30, SearchListener.NONE)),
                List.of());
        String[] lines = FrontText.render(f.asked().devices(), f.outcome().front(), false).split("\n");
        assertEquals(f.outcome().front().size() + 1, lines.length);
        assertEquals("""
                 accuracy essential_p ms 1080ti_1_ms ms  M params feasible  architecture
                    73.38          4.000          4.736     0.073      yes  \
                |skip_connect~0|+|skip_connect~0|skip_connect~1|+|none~0|none~1|avg_pool_3x3~2|
                    86.59          5.000          4.896     0.073      yes  \
                |skip_connect~0|+|avg_pool_3x3~0|none~1|+|skip_connect~0|none~1|none~2|
                    87.53          5.000          6.280     0.101      yes  \
                |skip_connect~0|+|none~0|skip_connect~1|+|nor_conv_1x1~0|skip_connect~1|skip_connect~2|
                """, String.join("\n", List.of(lines).subList(0, 4)) + "\n");
    }
}
