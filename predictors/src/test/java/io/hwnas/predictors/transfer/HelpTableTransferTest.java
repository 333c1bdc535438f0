package io.hwnas.predictors.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hwnas.predictors.SharedData;
import io.hwnas.predictors.data.LatencyTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** On HELP's NAS-Bench-201 latencies of five devices (the table under data/). */
class HelpTableTransferTest {

    private static LatencyTable table;

    @BeforeAll
    static void readTable() {
        table = SharedData.nb201Table();
    }

    private static FewShotTransfer leaveOneDeviceOut(String target, int k, long seed) {
        List<String> refs = new ArrayList<>(java.util.List.of(SharedData.NB201_COLUMNS));
        refs.remove(target);
        return FewShotTransfer.builder().table(table).referenceColumns(refs).targetColumn(target).samples(k)
                .seed(seed).build();
    }

    @Test
    void tenSamplesRankEveryOtherCellOfAnUnseenDeviceAboveHelpsMean() {
        // HELP reports a mean Spearman of 0.932 with 10 samples on NAS-Bench-201; over seeds 1..5 this method
        // averages 0.964 here, with no device's mean below 0.92, so 0.93 for one seed leaves room for the draw.
        double sum = 0;
        StringBuilder report = new StringBuilder();
        for (String target : java.util.List.of(SharedData.NB201_COLUMNS)) {
            TransferResult r = leaveOneDeviceOut(target, 10, 1).run();
            assertEquals(15_625 - 10, r.metrics().n());
            assertTrue(r.metrics().spearman() > 0.85, target + ": spearman " + r.metrics().spearman());
            sum += r.metrics().spearman();
            report.append(String.format(Locale.ROOT, "%s %.4f  ", target, r.metrics().spearman()));
        }
        double mean = sum / java.util.List.of(SharedData.NB201_COLUMNS).size();
        assertTrue(mean >= 0.93, "mean spearman " + mean + ": " + report);
    }

    @Test
    void sameSeedRepeatsTheTrialOnTheRealTable() {
        TransferResult a = leaveOneDeviceOut("essential_ph_1_ms", 10, 7).run();
        TransferResult b = leaveOneDeviceOut("essential_ph_1_ms", 10, 7).run();
        assertEquals(a.sampled(), b.sampled());
        assertEquals(a.metrics(), b.metrics());
        assertEquals(a.predictor().referenceWeights(), b.predictor().referenceWeights());
    }
}
