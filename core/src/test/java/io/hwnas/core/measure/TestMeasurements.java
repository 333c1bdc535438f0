package io.hwnas.core.measure;

import io.hwnas.core.provenance.Provenance;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Valid measurements for tests in any module (shipped in the core test-jar). */
public final class TestMeasurements {

    public static final String SHA_A = "a".repeat(64);
    public static final String SHA_B = "b".repeat(64);

    private TestMeasurements() {}

    /** A measurement of {@code sha} on {@code deviceId} with 30 log-normal samples from {@code seed}. */
    public static Measurement sample(String sha, String deviceId, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Double> samples = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            samples.add(5.0 * Math.exp(0.1 * gaussian(random)));
        }
        return Measurement.builder()
                .deviceId(deviceId)
                .settings(DeviceSettings.cpu(2))
                .space("nb201")
                .architecture("|nor_conv_3x3~0|+|skip_connect~0|avg_pool_3x3~1|+|none~0|nor_conv_1x1~1|none~2|")
                .modelSha256(sha)
                .ortVersion("1.29.0")
                .measuredAt(Instant.parse("2026-01-02T03:04:05.123456789Z"))
                .samplesAndStats(samples)
                .stopReason(StopReason.TARGET_REACHED)
                .sessionCreateMs(12.25)
                .memory(new MemoryFigures(100_000, 104_000, 105_500, 120_000))
                .plan(MeasurementPlan.builder().warmupRuns(3).minRuns(10).maxRuns(30)
                        .budget(Duration.ofMillis(2500)).build())
                .provenance(new Provenance("0.1.0-test", "17.0.15", "Linux", "amd64", "test-host"))
                .build();
    }

    /**
     * {@link #sample} with a drift reading: a reference of about 0.7 ms whose runs move together with the candidate's,
     * calibrated against a baseline of 0.7 ms when {@code calibrated}.
     */
    public static Measurement withDrift(String sha, String deviceId, long seed, boolean calibrated) {
        Measurement m = sample(sha, deviceId, seed);
        List<Double> refs = new ArrayList<>();
        for (double c : m.samplesMs()) {
            refs.add(c * 0.14);
        }
        io.hwnas.core.measure.drift.DriftReading d = io.hwnas.core.measure.drift.DriftReading.of("nb201-m",
                "c".repeat(64), m.samplesMs(), refs);
        return m.toBuilder().drift(calibrated ? d.calibrated(0.7) : d).build();
    }

    private static double gaussian(SplittableRandom random) {
        // Box-Muller; SplittableRandom has no nextGaussian in Java 17
        double u = 1.0 - random.nextDouble();
        double v = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }
}
