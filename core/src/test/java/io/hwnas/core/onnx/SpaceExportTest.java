package io.hwnas.core.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hwnas.core.graph.Graph;
import io.hwnas.core.graph.Shape;
import io.hwnas.core.graph.TensorData;
import io.hwnas.core.graph.reference.ReferenceInterpreter;
import io.hwnas.core.graph.reference.Tensor;
import io.hwnas.core.onnx.proto.Onnx;
import io.hwnas.core.space.Architecture;
import io.hwnas.core.space.EarlyExitSpace;
import io.hwnas.core.space.GraphOptions;
import io.hwnas.core.space.SearchSpace;
import io.hwnas.core.space.SearchSpaces;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Random samples of every built-in space, end to end: build, export, parse back, load and run in ONNX Runtime at
 * batch 1 and 2, compare with the reference interpreter, and pass the reference ONNX checker.
 */
class SpaceExportTest {

    private static final SearchSpaces SPACES = SearchSpaces.builtIn();

    private record Exported(String label, Graph graph, Weights weights, byte[] bytes) {}

    private static List<Exported> samples(String space, int count, long seed) {
        SearchSpace s = SPACES.get(space);
        SplittableRandom random = new SplittableRandom(seed);
        List<Exported> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Architecture a = s.sample(random);
            Graph g = s.buildGraph(a);
            Weights w = Weights.random(g, seed + i);
            out.add(new Exported(a.toString(), g, w, OnnxExporter.defaults().toBytes(g, w)));
        }
        return out;
    }

    private static Map<String, TensorData> randomInput(Graph g, int batch, long seed) {
        Graph.Port in = g.inputs().get(0);
        int[] dims = in.type().shape().concrete(batch);
        int n = 1;
        for (int d : dims) {
            n *= d;
        }
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) r.nextDouble(-1, 1);
        }
        return Map.of(in.name(), TensorData.ofFloats(x));
    }

    private static Map<String, Tensor> asTensors(Graph g, Map<String, TensorData> inputs, int batch) {
        Map<String, Tensor> t = new LinkedHashMap<>();
        for (Graph.Port p : g.inputs()) {
            t.put(p.name(), new Tensor(new Shape(java.util.Arrays.stream(p.type().shape().concrete(batch)).boxed()
                    .toList()), inputs.get(p.name())));
        }
        return t;
    }

    private static void runsInOrtLikeTheReference(Exported e, int batch, boolean compare) throws Exception {
        Map<String, TensorData> input = randomInput(e.graph(), batch, 7);
        Map<String, Tensor> ort = OrtRunner.run(e.bytes(), asTensors(e.graph(), input, batch));
        Graph.Port out = e.graph().outputs().get(0);
        Tensor y = ort.get(out.name());
        assertArrayEquals(java.util.Arrays.stream(out.type().shape().concrete(batch)).asLongStream().toArray(),
                y.dims(), e.label() + " output shape at batch " + batch);
        for (float v : y.floats()) {
            assertTrue(Float.isFinite(v), e.label() + " produced " + v);
        }
        if (compare) {
            // A whole network is compared by its largest deviation relative to the output's largest magnitude
            // (relative L-infinity error): ORT computes in float32 and the reference in double, so a logit that
            // cancels to near zero carries float32 rounding of terms a thousand times its size, and an
            // element-wise ratio would measure that cancellation, not the export.
            Tensor expected = new ReferenceInterpreter(e.graph(), e.weights()).run(input, batch).get(out.name());
            float[] a = expected.floats();
            float[] b = y.floats();
            double diff = 0;
            double scale = 0;
            for (int i = 0; i < a.length; i++) {
                diff = Math.max(diff, Math.abs(a[i] - (double) b[i]));
                scale = Math.max(scale, Math.abs(a[i]));
            }
            assertTrue(scale > 0, e.label() + ": all-zero output");
            assertTrue(diff / scale <= 1e-4, e.label() + " at batch " + batch + ": relative L-inf error "
                    + diff / scale);
        }
    }

    private static void fileHoldsExactlyTheParameters(Exported e) throws Exception {
        Onnx.ModelProto m = Onnx.ModelProto.parseFrom(e.bytes());
        long elements = 0;
        for (Onnx.TensorProto t : m.getGraph().getInitializerList()) {
            long n = 1;
            for (long d : t.getDimsList()) {
                n *= d;
            }
            elements += n;
        }
        assertEquals(e.graph().parameterCount(), elements, e.label());
        assertEquals("N", m.getGraph().getInput(0).getType().getTensorType().getShape().getDim(0).getDimParam(),
                e.label() + " batch dimension");
    }

    @Test
    void nb201SamplesRunInOnnxRuntimeAsTheReferenceComputes() throws Exception {
        List<Exported> samples = samples("nb201", 6, 11);
        for (Exported e : samples) {
            fileHoldsExactlyTheParameters(e);
            runsInOrtLikeTheReference(e, 1, true);
        }
        runsInOrtLikeTheReference(samples.get(0), 2, true);
    }

    @Test
    void mbv3SamplesRunInOnnxRuntime() throws Exception {
        List<Exported> samples = samples("mbv3", 3, 12);
        for (Exported e : samples) {
            fileHoldsExactlyTheParameters(e);
            runsInOrtLikeTheReference(e, 1, false);
        }
        runsInOrtLikeTheReference(samples.get(0), 2, false);
    }

    @Test
    void smallestMbv3MatchesTheReferenceComputation() throws Exception {
        SearchSpace s = SPACES.get("mbv3");
        Architecture a = s.decode("r128-d22222-k33003300330033003300-e33003300330033003300");
        Graph g = s.buildGraph(a);
        Weights w = Weights.random(g, 5);
        runsInOrtLikeTheReference(new Exported(a.toString(), g, w, OnnxExporter.defaults().toBytes(g, w)), 1, true);
    }

    /**
     * Each exit's path of an early-exit network, exported with the whole network's weights, runs in ONNX Runtime as
     * the reference computes it, and gives the logits the whole network gives at the same exits.
     */
    @Test
    void earlyExitPathsRunInOnnxRuntimeAsTheReferenceAndTheWholeNetworkCompute(@TempDir Path dir) throws Exception {
        EarlyExitSpace ee = EarlyExitSpace.nb201();
        Architecture a = ee.decode("|nor_conv_3x3~0|+|nor_conv_1x1~0|avg_pool_3x3~1|+|skip_connect~0|none~1|"
                + "nor_conv_3x3~2|#x1=0.9,x2=0.7");
        GraphOptions digits = GraphOptions.DEFAULTS.inputChannels(1).inputSize(8).classes(10);
        Graph full = ee.buildGraph(a, digits);
        Weights w = Weights.random(full, 9);
        Map<String, TensorData> input = randomInput(full, 2, 3);
        Map<String, Tensor> whole = new ReferenceInterpreter(full, w).run(input, 2);
        List<Path> files = new ArrayList<>();
        for (String graph : List.of("x1", "x2", "")) {
            Graph g = ee.buildGraph(a, digits, graph);
            Weights part = w.restrictTo(g);
            byte[] bytes = OnnxExporter.defaults().toBytes(g, part);
            Map<String, Tensor> ort = OrtRunner.run(bytes, asTensors(g, input, 2));
            Map<String, Tensor> reference = new ReferenceInterpreter(g, part).run(input, 2);
            TensorComparison.assertClose(reference, ort, 1e-3, "path " + graph);
            for (Graph.Port p : g.outputs()) {
                assertEquals(0, TensorComparison.maxRelativeError(whole.get(p.name()), reference.get(p.name())),
                        "path " + graph + " output " + p.name());
            }
            files.add(Files.write(dir.resolve("path" + files.size() + ".onnx"), bytes));
        }
        Path tool = OnnxChecker.locate().orElse(null);
        if (tool != null) {
            for (Map.Entry<Path, OnnxChecker.Verdict> v : OnnxChecker.check(tool, files).entrySet()) {
                assertTrue(v.getValue().ok(), v.getKey() + ": " + v.getValue().error());
            }
        }
    }

    @Test
    void theReferenceCheckerAcceptsSampledNetworks(@TempDir Path dir) throws Exception {
        Path tool = OnnxChecker.assumeLocated();
        List<Exported> all = new ArrayList<>(samples("nb201", 4, 21));
        all.addAll(samples("mbv3", 2, 22));
        Map<Path, Exported> files = new LinkedHashMap<>();
        int k = 0;
        for (Exported e : all) {
            Path f = dir.resolve("s" + k++ + ".onnx");
            Files.write(f, e.bytes());
            files.put(f, e);
        }
        Map<Path, OnnxChecker.Verdict> verdicts = OnnxChecker.check(tool, List.copyOf(files.keySet()));
        for (Map.Entry<Path, Exported> e : files.entrySet()) {
            OnnxChecker.Verdict v = verdicts.get(e.getKey());
            assertTrue(v.ok(), e.getValue().label() + ": " + v.error());
            assertEquals(e.getValue().graph().parameterCount(), v.params(), e.getValue().label());
        }
    }
}
