package io.hwnas.core.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.hwnas.core.graph.Graph;
import io.hwnas.core.graph.Op;
import io.hwnas.core.graph.reference.ReferenceInterpreter;
import io.hwnas.core.graph.reference.Tensor;
import io.hwnas.core.onnx.OpCases.Case;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Exported models run in ONNX Runtime give what the reference interpreter computes, for every operator, at batch 1
 * and 2 through the file's dynamic batch dimension. Error measure: {@link TensorComparison} (relative, with an
 * absolute floor of 1e-3 near zero); bound 1e-4.
 */
class OnnxRuntimeParityTest {

    private static final double TOLERANCE = 1e-4;
    private static final long SEED = 20260501L;

    @Test
    void everyOperatorHasACase() {
        EnumSet<Op> covered = EnumSet.noneOf(Op.class);
        for (Case c : OpCases.all()) {
            assertTrue(c.graph().nodes().stream().anyMatch(n -> n.op() == c.op()),
                    c.name() + " has no " + c.op() + " node");
            covered.add(c.op());
        }
        assertEquals(EnumSet.allOf(Op.class), covered, "operators without an ONNX Runtime parity case");
    }

    @TestFactory
    Stream<DynamicTest> everyOperatorMatchesTheReferenceInOnnxRuntime() {
        return OpCases.all().stream().map(c -> dynamicTest(c.op() + ": " + c.name(),
                () -> assertMatches(c.graph(), c, SEED)));
    }

    @Test
    void deepResidualNetworkMatchesTheReference() throws OrtException {
        Graph g = OpCases.deepResidual();
        assertTrue(g.nodes().stream().filter(n -> n.op() == Op.CONV).count() >= 30);
        double err = assertMatches(g, new Case("deep residual", Op.CONV, g, 0), SEED);
        System.out.printf("deep residual (%d nodes): max relative error %.2e%n", g.nodes().size(), err);
    }

    @Test
    void nativeGeluAtOpset20MatchesTheReference() throws OrtException {
        Case gelu = OpCases.all().stream().filter(c -> c.op() == Op.GELU).findFirst().orElseThrow();
        OnnxExporter opset20 = OnnxExporter.builder().opset(20).irVersion(9).build();
        Weights w = Weights.random(gelu.graph(), SEED);
        byte[] model = opset20.toBytes(gelu.graph(), w);
        Map<String, Tensor> in = gelu.inputs(2, SEED);
        TensorComparison.assertClose(new ReferenceInterpreter(gelu.graph(), w).run(OpCases.data(in), 2),
                OrtRunner.run(model, in), TOLERANCE, "opset 20 Gelu");
    }

    /** Exports {@code g}, runs it in ONNX Runtime at batch 1 and 2 with one session, compares with the reference. */
    private static double assertMatches(Graph g, Case c, long seed) throws OrtException {
        Weights w = Weights.random(g, seed);
        byte[] model = OnnxExporter.defaults().toBytes(g, w);
        ReferenceInterpreter ref = new ReferenceInterpreter(g, w);
        double worst = 0;
        OrtEnvironment env = OrtRunner.environment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(1);
            try (OrtSession session = env.createSession(model, options)) {
                for (int batch : List.of(1, 2)) {
                    Map<String, Tensor> in = c.inputs(batch, seed);
                    Map<String, Tensor> expected = ref.run(OpCases.data(in), batch);
                    Map<String, Tensor> actual = OrtRunner.run(session, in);
                    worst = Math.max(worst, TensorComparison.assertClose(expected, actual, TOLERANCE,
                            c.name() + " at batch " + batch));
                }
            }
        }
        return worst;
    }
}
