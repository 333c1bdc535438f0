package io.hwnas.profilers.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hwnas.core.graph.Graph;
import io.hwnas.core.graph.Node;
import io.hwnas.core.measure.drift.Baseline;
import io.hwnas.core.measure.drift.DriftControl;
import io.hwnas.core.measure.trace.KernelTiming;
import io.hwnas.core.measure.trace.KernelTrace;
import io.hwnas.core.measure.trace.TracePlan;
import io.hwnas.core.space.Architecture;
import io.hwnas.core.space.SearchSpace;
import io.hwnas.core.space.SearchSpaces;
import io.hwnas.devices.registry.DeviceRegistry;
import io.hwnas.profilers.store.SqliteMeasurementStore;
import java.util.ArrayList;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
    void withDriftControlATraceCarriesTheSpeedFactorAgainstTheDatabasesBaseline(@TempDir Path dir) throws Exception {
        Path db = dir.resolve("m.db");
        List<String> notices = new ArrayList<>();
        OrtKernelTracer tracer = new OrtKernelTracer(DeviceRegistry::builtIns, DriftControl.ON,
                () -> SqliteMeasurementStore.open(db), notices::add);
        Architecture a = NB201.sample(new SplittableRandom(5));
        Graph g = NB201.buildGraph(a);

        KernelTrace t = tracer.trace(a, g, "cpu-1t", new TracePlan(1, 3));
        double factor = t.speedFactor().orElseThrow();
        List<KernelTiming> corrected = t.correctedKernels();
        for (int i = 0; i < corrected.size(); i++) {
            assertEquals(t.kernels().get(i).medianUs() / factor, corrected.get(i).medianUs(), 0);
        }
        var d = t.driftReading().orElseThrow();
        assertEquals(d.referenceMedianMs() / d.baselineMs(), factor, 1e-12);
        try (SqliteMeasurementStore store = SqliteMeasurementStore.open(db)) {
            List<Baseline> kept = store.baselines();
            assertEquals(3, kept.size(), "the whole ladder calibrated into the database");
            Baseline mine = kept.stream().filter(b -> b.key().modelSha256().equals(d.referenceSha256()))
                    .findFirst().orElseThrow();
            assertEquals(mine.baselineMs(), d.baselineMs(), 0);
            assertEquals("cpu-1t", mine.key().deviceId());
        }
        assertEquals(1, notices.stream().filter(n -> n.startsWith("calibrating drift control on cpu-1t")).count(),
                notices.toString());

        KernelTrace again = tracer.trace(a, g, "cpu-1t", new TracePlan(1, 3));
        assertTrue(again.speedFactor().isPresent());
        assertEquals(1, notices.stream().filter(n -> n.startsWith("calibrating")).count(), "calibrated once");
    }

    @Test
    void withoutDriftControlATraceHasNoSpeedFactorAndOpensNoDatabase() throws Exception {
        OrtKernelTracer tracer = new OrtKernelTracer(DeviceRegistry::builtIns, DriftControl.OFF, () -> {
            throw new AssertionError("the database was opened");
        }, line -> {});
        Architecture a = NB201.sample(new SplittableRandom(5));
        KernelTrace t = tracer.trace(a, NB201.buildGraph(a), "cpu-1t", new TracePlan(0, 2));
        assertTrue(t.driftReading().isEmpty() && t.speedFactor().isEmpty());
        assertTrue(t.correctedKernels() == t.kernels(), "labels are the raw kernels");
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
