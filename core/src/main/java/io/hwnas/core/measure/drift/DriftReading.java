package io.hwnas.core.measure.drift;

import io.hwnas.core.measure.Sha256;
import io.hwnas.core.stats.Stats;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * What the reference model saw while a candidate was measured, and the candidate's latency corrected for it.
 *
 * <p>The candidate's timed runs and the reference's alternate ({@code c1 r1 c2 r2 ...}), so run {@code i} of each
 * saw the same machine. The estimator:
 * <ul>
 *   <li>{@code ratio} = median over pairs of {@code c_i / r_i}: a ratio of neighbouring timings, which a slowdown
 *       that hits both alike cancels out of;</li>
 *   <li>{@code correctedMedianMs} = {@code ratio * baselineMs}: the candidate's latency on the machine at its
 *       baseline speed (the reference's long-run latency on this device, kept in the database);</li>
 *   <li>{@code speedFactor} = median of {@code r_i} / {@code baselineMs}: 1.0 at the baseline, 1.2 when the machine
 *       is 20 % slower now;</li>
 *   <li>{@code ratioShift} = the relative change of the ratio's median between the first and the second half of the
 *       pairs: when the correction held, it is small however much the machine's speed moved. Above
 *       {@value #STEADY_SHIFT} the reading is not {@link #steady()}: re-measured, then stored flagged.</li>
 *   <li>{@link #referenceShift()}: the same for the reference's own median, the machine's speed. Above
 *       {@value #STEADY_REFERENCE_SHIFT} (the machine changed speed by half within one measurement: a governor, a
 *       throttle) the reading is not steady either, whatever the ratio did: such a change is more than the pairing
 *       was shown to cancel (under two busy processes switched every 3 s, 500 measurements moved at most 0.43).</li>
 * </ul>
 *
 * <p>A reading fresh from a device has no baseline yet ({@code NaN} baseline, factor and corrected median); the
 * measurer that owns the database {@link #calibrated calibrates} it.
 *
 * @param reference          the reference's name ({@code nb201-m})
 * @param referenceSha256    the reference's bytes
 * @param referenceSamplesMs the reference's timed runs, run {@code i} beside the candidate's run {@code i}
 */
public record DriftReading(String reference, String referenceSha256, List<Double> referenceSamplesMs, double ratio,
                           double ratioShift, double baselineMs, double speedFactor, double correctedMedianMs) {

    /** The largest change of the ratio between the halves of one measurement that is still corrected. */
    public static final double STEADY_SHIFT = 0.10;

    /** The largest change of the machine's speed between the halves of one measurement that is still corrected. */
    public static final double STEADY_REFERENCE_SHIFT = 0.50;

    public DriftReading {
        Objects.requireNonNull(reference, "reference");
        Sha256.requireHex("referenceSha256", referenceSha256);
        referenceSamplesMs = List.copyOf(Objects.requireNonNull(referenceSamplesMs, "referenceSamplesMs"));
        if (referenceSamplesMs.isEmpty()) {
            throw new IllegalArgumentException("a drift reading needs reference samples");
        }
        requirePositive("ratio", ratio);
        if (!(Double.isFinite(ratioShift) && ratioShift >= 0)) {
            throw new IllegalArgumentException("ratioShift must be finite and >= 0, but was " + ratioShift);
        }
        boolean calibrated = !Double.isNaN(baselineMs);
        if (calibrated) {
            requirePositive("baselineMs", baselineMs);
            requirePositive("speedFactor", speedFactor);
            requirePositive("correctedMedianMs", correctedMedianMs);
        } else if (!Double.isNaN(speedFactor) || !Double.isNaN(correctedMedianMs)) {
            throw new IllegalArgumentException("a reading without a baseline has no speed factor or corrected median");
        }
    }

    /**
     * The reading of paired runs, without a baseline yet.
     *
     * @throws IllegalArgumentException when the two lists differ in length or hold a non-positive time
     */
    public static DriftReading of(String reference, String referenceSha256, List<Double> candidateMs,
            List<Double> referenceMs) {
        Objects.requireNonNull(candidateMs, "candidateMs");
        Objects.requireNonNull(referenceMs, "referenceMs");
        if (candidateMs.size() != referenceMs.size() || candidateMs.isEmpty()) {
            throw new IllegalArgumentException("drift control pairs each candidate run with a reference run, but got "
                    + candidateMs.size() + " candidate and " + referenceMs.size() + " reference runs");
        }
        int n = candidateMs.size();
        double[] ratios = new double[n];
        for (int i = 0; i < n; i++) {
            double r = referenceMs.get(i);
            if (!(r > 0) || !(candidateMs.get(i) > 0)) {
                throw new IllegalArgumentException("run " + i + " has a non-positive time: candidate "
                        + candidateMs.get(i) + " ms, reference " + r + " ms");
            }
            ratios[i] = candidateMs.get(i) / r;
        }
        return new DriftReading(reference, referenceSha256, referenceMs, Stats.median(ratios), shift(ratios),
                Double.NaN, Double.NaN, Double.NaN);
    }

    /** The ratios' median over the first half against the second half; 0 with fewer than four pairs. */
    static double shift(double[] ratios) {
        int n = ratios.length;
        if (n < 4) {
            return 0;
        }
        double first = Stats.median(Arrays.copyOfRange(ratios, 0, n / 2));
        double second = Stats.median(Arrays.copyOfRange(ratios, n / 2, n));
        return Math.abs(second / first - 1);
    }

    /** This reading against the device's baseline: the speed factor and the corrected median. */
    public DriftReading calibrated(double baselineMs) {
        requirePositive("baselineMs", baselineMs);
        return new DriftReading(reference, referenceSha256, referenceSamplesMs, ratio, ratioShift, baselineMs,
                referenceMedianMs() / baselineMs, ratio * baselineMs);
    }

    public boolean isCalibrated() {
        return !Double.isNaN(baselineMs);
    }

    /**
     * Whether the correction held through the measurement: the ratio stayed within {@link #STEADY_SHIFT} and the
     * machine's speed within {@link #STEADY_REFERENCE_SHIFT}.
     */
    public boolean steady() {
        return ratioShift <= STEADY_SHIFT && referenceShift() <= STEADY_REFERENCE_SHIFT;
    }

    /** What moved within the measurement, for a notice: "the ratio to the reference moved 12 %, the reference 3 %". */
    public String shifts() {
        return String.format(Locale.ROOT, "the ratio to the reference moved %.0f %%, the reference %.0f %%",
                100 * ratioShift, 100 * referenceShift());
    }

    /** The reference's median over the second half of the runs against the first, as a relative change. */
    public double referenceShift() {
        return shift(referenceSamplesMs.stream().mapToDouble(Double::doubleValue).toArray());
    }

    public double referenceMedianMs() {
        return Stats.median(referenceSamplesMs);
    }

    private static void requirePositive(String field, double v) {
        if (!(Double.isFinite(v) && v > 0)) {
            throw new IllegalArgumentException(field + " must be finite and > 0, but was " + v);
        }
    }
}
