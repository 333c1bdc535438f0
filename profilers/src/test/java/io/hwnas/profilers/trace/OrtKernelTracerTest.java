package io.hwnas.profilers.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hwnas.core.graph.Graph;
import io.hwnas.core.graph.Node;
import io.hwnas.core.measure.trace.KernelTrace;
import io.hwnas.core.measure.trace.TracePlan;
import io.hwnas.core.space.Architecture;
import io.hwnas.core.space.SearchSpace;
import io.hwnas.core.space.SearchSpaces;
import io.hwnas.devices.registry.DeviceRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The kernel predictor's tracer: exports, traces with ONNX Runtime on the device of an id, cleans up. */
class OrtKernelTracerTest {

    private static final SearchSpace NB201 = SearchSpaces.builtIn().get("nb201");
    private static final OrtKernelTracer TRACER = new OrtKernelTracer(DeviceRegistry::builtIns);

    @Test
    void tracesTheNetworkOnTheDeviceOfTheIdAndLeavesNoModelBehind() throws Exception {
        Architecture a = NB201.sample(new SplittableRandom(5));
        Graph g = NB201.buildGraph(a);
        List<Path> before = models();
        KernelTrace t = TRACER.trace(a, g, "cpu-1t", new TracePlan(0, 2));
        assertEquals("cpu-1t", t.deviceId());
        assertEquals(1, t.settings().intraOpThreads());
        assertEquals(2, t.modelRunsUs().size());
        Set<String> nodes = g.nodes().stream().map(Node::name).collect(Collectors.toSet());
        assertTrue(t.kernels().stream().flatMap(k -> k.irNodes().stream()).allMatch(nodes::contains),
                "kernels name the graph's nodes");
        assertTrue(t.attributedShare() > 0.9, "attributed share " + t.attributedShare());
        assertEquals(before, models(), "temporary models left behind");
    }

    @Test
    void anUnknownDeviceIsNamedWithTheKnownOnes() {
        Architecture a = NB201.sample(new SplittableRandom(5));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TRACER.trace(a, NB201.buildGraph(a), "pi9", TracePlan.defaults()));
        assertTrue(e.getMessage().contains("'pi9'") && e.getMessage().contains("cpu-1t"), e.getMessage());
    }

    private static List<Path> models() throws Exception {
        try (Stream<Path> s = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return s.filter(p -> p.getFileName().toString().startsWith("hwnas-kernel")
                    && p.getFileName().toString().endsWith(".onnx")).sorted().toList();
        }
    }
}
