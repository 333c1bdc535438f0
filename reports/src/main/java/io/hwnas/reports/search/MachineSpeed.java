package io.hwnas.reports.search;

import io.hwnas.core.search.SpeedRow;
import io.hwnas.core.stats.Stats;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The machine's speed over a run, what a user looks at when a figure seems wrong: each measurement the search took or
 * found with drift control on ({@code speed.csv}), its speed factor against the device's baseline (1.2: the machine
 * ran 20 % slower), summed up per device; and whether the run's latencies were corrected for it at all.
 *
 * @param driftControl {@code on}, {@code off}, or empty when the run does not say (a search set up in code)
 * @param measures     whether the run measured anything (a device, or a spec sheet's reference)
 * @param start        when the run began (the first measurement it took, or its manifest's creation if earlier): the
 *                     plot's zero
 * @param rows         the measurements logged, in order
 */
public record MachineSpeed(String driftControl, boolean measures, Instant start, List<SpeedRow> rows) {

    public MachineSpeed {
        Objects.requireNonNull(driftControl, "driftControl");
        Objects.requireNonNull(start, "start");
        rows = List.copyOf(rows);
    }

    /**
     * One device's measurements.
     *
     * @param measurements  every one logged
     * @param found         found in the database (taken earlier, perhaps by another run) rather than taken
     * @param withoutFactor found without a speed factor (measured without drift control), so used raw
     * @param median        the median speed factor; NaN when no measurement has one (so are min and max)
     * @param unsteadyShare the share of those with a speed factor that were flagged unsteady
     */
    public record DeviceSpeed(String device, int measurements, int found, int withoutFactor, double median,
            double min, double max, double unsteadyShare) {}

    /** Whether latencies were corrected for the machine's speed. */
    public boolean corrected() {
        return driftControl.equals("on");
    }

    /**
     * Why the run has no speed data to show, in one line; empty when it has: nothing was measured, drift control
     * was off (or not stated), or no measurement was logged with a speed factor (a run made before hwnas kept them).
     */
    public Optional<String> none() {
        if (!measures) {
            return Optional.of("No speed data: nothing was measured (latency came from tables, predictors or spec "
                    + "sheets).");
        }
        if (driftControl.equals("off")) {
            return Optional.of("No speed data: drift control was off (--drift-control off, or a run made before "
                    + "hwnas had it), so latencies are raw medians.");
        }
        if (driftControl.isEmpty()) {
            return Optional.of("No speed data: the run does not say whether drift control was on (a search set up "
                    + "in code).");
        }
        if (rows.stream().noneMatch(SpeedRow::hasSpeedFactor)) {
            return Optional.of("No speed data: the run logged no measurement with a speed factor (no speed.csv: a "
                    + "run made before hwnas logged the machine's speed).");
        }
        return Optional.empty();
    }

    /** Per device, in the order the log first names them. */
    public List<DeviceSpeed> devices() {
        Map<String, List<SpeedRow>> by = new LinkedHashMap<>();
        rows.forEach(r -> by.computeIfAbsent(r.device(), d -> new ArrayList<>()).add(r));
        List<DeviceSpeed> out = new ArrayList<>();
        by.forEach((device, rs) -> {
            double[] f = rs.stream().filter(SpeedRow::hasSpeedFactor).mapToDouble(SpeedRow::speedFactor).toArray();
            long unsteady = rs.stream().filter(r -> r.hasSpeedFactor() && r.unsteady()).count();
            int found = (int) rs.stream().filter(SpeedRow::found).count();
            out.add(new DeviceSpeed(device, rs.size(), found, rs.size() - f.length,
                    f.length == 0 ? Double.NaN : Stats.median(f),
                    f.length == 0 ? Double.NaN : Arrays.stream(f).min().orElseThrow(),
                    f.length == 0 ? Double.NaN : Arrays.stream(f).max().orElseThrow(),
                    f.length == 0 ? Double.NaN : unsteady / (double) f.length));
        });
        return out;
    }

    /** The measurements the plot draws: those the search took (not found), with a speed factor. */
    public List<SpeedRow> drawn() {
        return rows.stream().filter(r -> r.hasSpeedFactor() && !r.found()).toList();
    }

    /** Minutes from the run's start to {@code r}. */
    public double minutes(SpeedRow r) {
        return Duration.between(start, r.measuredAt()).toMillis() / 60_000.0;
    }
}
