package io.hwnas.predictors.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hwnas.core.graph.GraphCost;
import io.hwnas.core.graph.NodeCost;
import io.hwnas.core.space.Architecture;
import io.hwnas.core.space.SearchSpace;
import io.hwnas.core.space.SearchSpaces;
import io.hwnas.predictors.data.LatencyDataset;
import io.hwnas.predictors.data.LatencyRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SpecTransferTest {

    private static final SearchSpace NB201 = SearchSpaces.builtIn().get("nb201");
    private static final SpecSheet REF = new SpecSheet("ref", 80, 30, 1);
    private static final SpecSheet PI = new SpecSheet("pi", 160, 16, 4);

    // A reference that runs at 1/2 of its peak, 1/4 of its bandwidth, with 5 µs per operator and 0.02 ms fixed.
    private static final double B = 0.02;
    private static final double WC = 2;
    private static final double WM = 4;
    private static final double WO = 0.005;

    private static List<Architecture> sample(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<Architecture> out = new ArrayList<>();
        while (out.size() < n) {
            Architecture a = NB201.sample(r);
            if (out.stream().noneMatch(x -> x.canonical().equals(a.canonical()))) {
                out.add(a);
            }
        }
        return out;
    }

    /** The model written out again from the graph's costs, independently of the class under test. */
    private static final Map<String, GraphCost> COSTS = new ConcurrentHashMap<>();

    private static double model(Architecture a, SpecSheet at, double s) {
        GraphCost cost = COSTS.computeIfAbsent(a.canonical(), k -> NB201.buildGraph(a).cost());
        double flops = 0;
        double bytes = 0;
        for (NodeCost n : cost.perNode()) {
            flops += n.flops();
            bytes += n.bytesMoved();
        }
        return s * B + WC * flops / (at.peakGflops() * 1e6) + WM * bytes / (at.bandwidthGBs() * 1e6)
                + s * WO * cost.perNode().size();
    }

    private static LatencyDataset onReference(List<Architecture> archs) {
        List<LatencyRecord> rows = new ArrayList<>();
        for (Architecture a : archs) {
            rows.add(new LatencyRecord(a, model(a, REF, 1)));
        }
        return new LatencyDataset("nb201", "ref", "synthetic reference", rows, 0);
    }

    private static SpecTransfer refToPi() {
        return SpecTransfer.builder().space(NB201).reference(REF).target(PI).build();
    }

    @Test
    void theFitRecoversKnownWeightsAndPredictsATargetWithKnownSpec() {
        SpecTransferPredictor p = refToPi().train(onReference(sample(25, 1)));
        // Compute, memory and operator counts move together across nb201 cells, so the normal equations are
        // ill-conditioned and the solver's tiny ridge leaves the weights a little off along that direction (here
        // within 1 %); the predictions, which that direction hardly changes, come out right to 0.1 %.
        assertEquals(B, p.intercept(), 0.02 * B);
        assertEquals(WC, p.computeWeight(), 0.01 * WC);
        assertEquals(WM, p.memoryWeight(), 0.01 * WM);
        assertEquals(WO, p.perOperatorMs(), 0.01 * WO);
        // s: one reference core of 80 GFLOP/s against one pi core of 160 / 4 = 40.
        assertEquals(2, p.overheadScale(), 1e-12);
        for (Architecture a : sample(40, 2)) {
            assertEquals(model(a, PI, 2), p.predict(a).latencyMs(), 1e-3 * model(a, PI, 2), a.canonical());
            assertEquals(model(a, REF, 1), p.referenceMs(a), 1e-4 * model(a, REF, 1));
        }
        assertEquals("pi", p.info().device());
        assertEquals(SpecTransfer.PLUGIN, p.info().plugin());
        assertEquals("25", p.info().details().get("samples"));
    }

    @Test
    void anAcceleratorTargetKeepsTheReferencesOverhead() {
        SpecTransfer t = SpecTransfer.builder().space(NB201).reference(REF).target(new SpecSheet("gpu", 5000, 300, 0))
                .build();
        assertEquals(1, t.overheadScale());
    }

    @Test
    void theSameSeedComparesTheSameAndTheTransferBeatsTheRooflinesOnItsOwnModel() {
        List<Architecture> all = sample(60, 3);
        LatencyDataset ref = onReference(all);
        List<LatencyRecord> tgt = new ArrayList<>();
        for (Architecture a : all) {
            tgt.add(new LatencyRecord(a, model(a, PI, 2)));
        }
        LatencyDataset target = new LatencyDataset("nb201", "pi", "synthetic target", tgt, 0);
        SpecTransferComparison c1 = refToPi().compare(ref, target, 10, 7);
        SpecTransferComparison c2 = refToPi().compare(ref, target, 10, 7);
        assertEquals(c1.sampled(), c2.sampled());
        assertEquals(c1.scored(), c2.scored());
        assertEquals(10, c1.sampled().size());
        assertEquals(List.of("roofline", "roofline calibrated on the reference", "spec transfer"),
                c1.scored().stream().map(SpecTransferComparison.Scored::method).toList());
        SpecTransferComparison.Scored transfer = c1.scored().get(2);
        assertEquals(60, transfer.metrics().n());
        assertTrue(transfer.metrics().mape() < 1e-4, transfer.toString());
        assertEquals(1, transfer.medianRatio(), 1e-4);
        assertTrue(c1.scored().get(0).medianRatio() < 1, "a raw roofline is optimistic: " + c1.scored().get(0));
    }

    @Test
    void tooFewReferenceRowsAreRefusedNamingTheReference() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> refToPi().train(onReference(sample(2, 4))));
        assertTrue(e.getMessage().contains("needs at least 3 measurements on the reference ref, but had 2"),
                e.getMessage());
        LatencyDataset ref = onReference(sample(5, 5));
        IllegalArgumentException k = assertThrows(IllegalArgumentException.class,
                () -> refToPi().compare(ref, ref, 6, 1));
        assertTrue(k.getMessage().contains("samples must be in [3, 5]"), k.getMessage());
    }

    @Test
    void aMissingSpecSheetIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SpecTransfer.builder().space(NB201).target(PI).build());
        assertTrue(e.getMessage().contains("reference (the measured device's spec sheet)"), e.getMessage());
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> new SpecSheet("x", 10, 0, 1));
        assertTrue(bad.getMessage().contains("bandwidthGBs of x must be > 0, but was 0"), bad.getMessage());
    }

    @Test
    void referenceRowsOfAnotherSpaceAreRefused() {
        LatencyDataset other = new LatencyDataset("mbv3", "ref", "elsewhere", List.of(), 0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> refToPi().train(other));
        assertTrue(e.getMessage().contains("of space 'mbv3'"), e.getMessage());
    }
}
