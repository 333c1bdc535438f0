package io.hwnas.reports.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hwnas.core.search.SpeedRow;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class MachineSpeedTest {

    static final Instant START = Instant.parse("2026-12-07T10:00:00Z");

    private static SpeedRow row(String device, int seconds, double factor, boolean unsteady) {
        return new SpeedRow(START.plusSeconds(seconds), device, "|x" + seconds + "~0|", 2 * factor, 2, factor,
                unsteady, seconds < 0);
    }

    @Test
    void eachDeviceIsSummedUpAndThePlotDrawsWhatTheSearchTook() {
        SpeedRow found = row("cpu-1t", -3600, 2.0, false);
        SpeedRow raw = new SpeedRow(START.plusSeconds(30), "cpu-1t", "|raw~0|", 3, Double.NaN, Double.NaN, false,
                true);
        MachineSpeed s = new MachineSpeed("on", true, START, List.of(found, row("cpu-1t", 60, 1.0, false),
                row("pi", 90, 1.5, true), row("cpu-1t", 120, 1.2, true), raw, row("cpu-1t", 180, 0.9, false)));
        assertTrue(s.none().isEmpty());
        MachineSpeed.DeviceSpeed cpu = s.devices().get(0);
        assertEquals(List.of("cpu-1t", 5, 2, 1), List.of(cpu.device(), cpu.measurements(), cpu.found(),
                cpu.withoutFactor()));
        assertEquals(1.1, cpu.median(), 1e-12);
        assertEquals(0.9, cpu.min(), 1e-12);
        assertEquals(2.0, cpu.max(), 1e-12);
        assertEquals(0.25, cpu.unsteadyShare(), 1e-12, "one of the four with a speed factor");
        assertEquals("pi", s.devices().get(1).device());
        assertEquals(List.of(1.0, 1.5, 1.2, 0.9), s.drawn().stream().map(SpeedRow::speedFactor).toList());
        assertEquals(1.5, s.minutes(s.drawn().get(1)), 1e-9);
    }

    @Test
    void whyThereIsNoSpeedDataIsSaid() {
        List<SpeedRow> rows = List.of(row("cpu-1t", 1, 1.0, false));
        assertTrue(new MachineSpeed("on", false, START, List.of()).none().orElseThrow().contains("nothing was "
                + "measured"));
        assertTrue(new MachineSpeed("off", true, START, List.of()).none().orElseThrow().contains("drift control was "
                + "off"));
        assertTrue(new MachineSpeed("", true, START, rows).none().orElseThrow().contains("set up in code"));
        assertTrue(new MachineSpeed("on", true, START, List.of()).none().orElseThrow().contains("no measurement "
                + "with a speed factor"));
    }
}
