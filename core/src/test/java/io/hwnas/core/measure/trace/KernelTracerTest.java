package io.hwnas.core.measure.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hwnas.core.measure.DeviceSettings;
import io.hwnas.core.space.Architecture;
import io.hwnas.core.space.Nb201Space;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The tracers that need no runtime: recorded traces, and none at all. */
class KernelTracerTest {

    private static final Nb201Space NB201 = new Nb201Space();

    private static KernelTrace traceOn(String device) {
        KernelTiming k = new KernelTiming("a", "Conv", DeviceSettings.CPU_PROVIDER, List.of("a"), List.of(),
                List.of(), 0, 0, 0, 1, List.of(1.0));
        return new KernelTrace("m.onnx", device, DeviceSettings.cpu(1), "1.29.0", TracePlan.defaults(), List.of(k),
                List.of(2.0), 3);
    }

    @Test
    void aRecordedTracerAnswersTheTraceOfTheArchitectureOnItsDevice() throws Exception {
        SplittableRandom random = new SplittableRandom(5);
        Architecture a = NB201.sample(random);
        Architecture b = NB201.sample(random);
        KernelTrace t = traceOn("cpu-1t");
        Map<String, KernelTrace> traces = new HashMap<>(Map.of(a.canonical(), t));
        KernelTracer tracer = KernelTracer.recorded(traces);
        traces.clear();
        assertSame(t, tracer.trace(a, NB201.buildGraph(a), "cpu-1t", TracePlan.defaults()),
                "the tracer keeps its own copy of the map");

        var e = assertThrows(IllegalArgumentException.class,
                () -> tracer.trace(b, NB201.buildGraph(b), "cpu-1t", TracePlan.defaults()));
        assertEquals("no trace for " + b + " among 1 given traces", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> tracer.trace(a, NB201.buildGraph(a), "cpu", TracePlan.defaults()));
        assertEquals("the trace of " + a + " is from device cpu-1t, not cpu", e.getMessage());
    }

    @Test
    void noTracerSaysWhyItCannotTrace() {
        Architecture a = NB201.sample(new SplittableRandom(5));
        var e = assertThrows(IllegalStateException.class,
                () -> KernelTracer.none().trace(a, NB201.buildGraph(a), "cpu-1t", TracePlan.defaults()));
        assertTrue(e.getMessage().startsWith("cannot trace " + a + " on cpu-1t: no kernel tracer was lent"),
                e.getMessage());
    }
}
