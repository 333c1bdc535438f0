package io.hwnas.profilers.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hwnas.core.graph.Graph;
import io.hwnas.core.graph.Node;
import io.hwnas.core.graph.Op;
import io.hwnas.core.measure.MeasurementPlan;
import io.hwnas.core.measure.drift.DriftControl;
import io.hwnas.core.measure.drift.DriftReading;
import io.hwnas.core.measure.drift.ReferenceModel;
import io.hwnas.core.measure.trace.KernelTiming;
import io.hwnas.core.measure.trace.KernelTrace;
import io.hwnas.core.measure.trace.TracePlan;
import io.hwnas.core.onnx.ExportedModel;
import io.hwnas.core.onnx.OnnxExporter;
import io.hwnas.core.onnx.Weights;
import io.hwnas.core.space.SearchSpace;
import io.hwnas.core.space.SearchSpaces;
import io.hwnas.devices.registry.DeviceRegistry;
import io.hwnas.devices.spi.DeviceProfile;
import io.hwnas.profilers.ort.OrtProfiler;
import io.hwnas.profilers.ort.ProfileRequest;
import io.hwnas.profilers.ort.ProfilingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real ONNX Runtime traces of exported networks on cpu-1t. */
class OrtTracerTest {

    private static final DeviceProfile CPU_1T = DeviceRegistry.builtIns().get("cpu-1t");
    private static final OrtTracer TRACER = new OrtTracer();

    private static Graph sample(String space, long seed) {
        SearchSpace s = SearchSpaces.builtIn().get(space);
        return s.buildGraph(s.sample(new SplittableRandom(seed)));
    }

    private static Path export(Graph g, Path dir) throws Exception {
        Path f = dir.resolve(g.name().replaceAll("[^A-Za-z0-9]", "_") + ".onnx");
        OnnxExporter.defaults().write(g, Weights.random(g, 1), f);
        return f;
    }

    /** Every IR node of these kinds is in exactly one kernel. */
    private static void coversEveryNodeOnce(KernelTrace t, Graph g, Set<Op> kinds) {
        Map<String, Integer> seen = new HashMap<>();
        t.kernels().forEach(k -> k.irNodes().forEach(n -> seen.merge(n, 1, Integer::sum)));
        for (Node n : g.nodes()) {
            if (kinds.contains(n.op())) {
                assertEquals(1, seen.getOrDefault(n.name(), 0), n.describe() + " in kernels");
            }
        }
        seen.values().forEach(c -> assertEquals(1, c));
    }

    @Test
    void nb201KernelsAreFusedConvsThatAddUpToTheModel(@TempDir Path dir) throws Exception {
        Graph g = sample("nb201", 3); // has 1x1 and 3x3 convs, none and skip edges
        Path model = export(g, dir);
        KernelTrace t = TRACER.trace(model, CPU_1T, new TracePlan(3, 10), g);

        assertTrue(t.kernels().size() >= 20, "kernels: " + t.kernels().size());
        t.kernels().forEach(k -> assertEquals("CPUExecutionProvider", k.provider(), k.kernelName()));
        t.kernels().forEach(k -> assertEquals(10, k.samplesUs().size(), k.kernelName()));
        assertTrue(t.attributedShare() > 0.95, "attributed share " + t.attributedShare());
        coversEveryNodeOnce(t, g, Set.of(Op.CONV, Op.BATCH_NORMALIZATION, Op.ADD, Op.AVERAGE_POOL, Op.GEMM));

        // ORT fuses BatchNormalization and the Relu into the convolution: one kernel computes all three.
        KernelTiming fused = t.kernels().stream().filter(k -> k.opType().equals("Conv")
                && ops(g, k).containsAll(Set.of(Op.CONV, Op.BATCH_NORMALIZATION, Op.RELU))).findFirst().orElse(null);
        assertTrue(fused != null, "no Conv kernel covering Conv, BatchNormalization and Relu: " + t.kernels());

        // The kernels are most of a run: their sum is within a plausible factor of the whole model. Minimums, as
        // the runs least disturbed by other processes on a shared machine; the kernels' medians already are robust.
        double sum = t.kernelSumUs();
        assertTrue(sum <= 1.2 * t.modelRunMedianUs() && sum >= 0.5 * t.modelRunMinUs(),
                "kernel sum " + sum + " us vs model_run " + t.modelRunsUs() + " us");
        double measuredUs = 1000 * new OrtProfiler().measure(ProfileRequest.builder(model, CPU_1T)
                .plan(MeasurementPlan.builder().warmupRuns(3).minRuns(10).maxRuns(10).build()).build())
                .stats().minMs();
        assertTrue(sum > 0.4 * measuredUs && sum < 2.5 * measuredUs,
                "kernel sum " + sum + " us vs unprofiled latency (min) " + measuredUs + " us");
    }

    private static Set<Op> ops(Graph g, KernelTiming k) {
        Map<String, Op> byName = g.nodes().stream().collect(Collectors.toMap(Node::name, Node::op));
        return k.irNodes().stream().map(byName::get).collect(Collectors.toSet());
    }

    @Test
    void mbv3KernelsCoverItsConvolutionsAndImportedFilesMapLikeTheirGraphs(@TempDir Path dir) throws Exception {
        Graph g = sample("mbv3", 4);
        Path model = export(g, dir);
        KernelTrace t = TRACER.trace(model, CPU_1T, new TracePlan(1, 3));
        assertTrue(t.attributedShare() > 0.8, "attributed share " + t.attributedShare());
        coversEveryNodeOnce(t, g, Set.of(Op.CONV, Op.BATCH_NORMALIZATION, Op.GLOBAL_AVERAGE_POOL, Op.GEMM));
        assertTrue(t.kernels().stream().anyMatch(k -> k.opType().equals("Conv")
                && ops(g, k).contains(Op.HARD_SIGMOID)), "a Conv with the SE block's HardSigmoid fused");
    }

    @Test
    void underDriftControlTheNearestReferenceRunsBesideEachKeptRun(@TempDir Path dir) throws Exception {
        SearchSpace nb201 = SearchSpaces.builtIn().get("nb201");
        var a = nb201.sample(new SplittableRandom(6));
        Path model = dir.resolve("m.onnx");
        ExportedModel.export(nb201, a, 1).write(model);
        Graph g = nb201.buildGraph(a);

        KernelTrace on = TRACER.trace(model, CPU_1T, new TracePlan(2, 4), g, DriftControl.ON);
        DriftReading d = on.driftReading().orElseThrow();
        assertEquals(4, d.referenceSamplesMs().size(), "one reference run per kept run");
        assertEquals(ReferenceModel.byName(d.reference()).orElseThrow().sha256(), d.referenceSha256());
        assertTrue(!d.isCalibrated() && on.speedFactor().isEmpty(), "the tracer leaves calibration to its caller");
        on.kernels().forEach(k -> assertEquals(4, k.samplesUs().size(), "the references add no kernel events"));

        KernelTrace off = TRACER.trace(model, CPU_1T, new TracePlan(2, 4), g, DriftControl.OFF);
        assertTrue(off.driftReading().isEmpty());
        assertEquals(on.kernels().stream().map(KernelTiming::kernelName).toList(),
                off.kernels().stream().map(KernelTiming::kernelName).toList());
    }

    @Test
    void leavesNoProfileFilesBehind(@TempDir Path dir) throws Exception {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        Graph g = sample("nb201", 8);
        Path model = export(g, dir);
        List<Path> before = traceDirs(tmp);
        TRACER.trace(model, CPU_1T, new TracePlan(0, 1), g);
        assertEquals(before, traceDirs(tmp));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(model), files.toList(), "nothing written beside the model");
        }
    }

    private static List<Path> traceDirs(Path tmp) throws Exception {
        try (Stream<Path> s = Files.list(tmp)) {
            return s.filter(p -> p.getFileName().toString().startsWith("hwnas-trace")).sorted().toList();
        }
    }

    @Test
    void aMissingModelFailsNamingItAndTheDevice(@TempDir Path dir) {
        Path missing = dir.resolve("gone.onnx");
        ProfilingException e = assertThrows(ProfilingException.class,
                () -> TRACER.trace(missing, CPU_1T, TracePlan.defaults(), sample("nb201", 1)));
        assertTrue(e.getMessage().contains("gone.onnx") && e.getMessage().contains("cpu-1t"), e.getMessage());
    }

    @Test
    void rejectsAPlanWithoutRuns() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new TracePlan(2, 0));
        assertTrue(e.getMessage().contains("runs") && e.getMessage().contains("0"), e.getMessage());
    }
}
