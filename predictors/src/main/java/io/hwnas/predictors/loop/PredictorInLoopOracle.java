package io.hwnas.predictors.loop;

import io.hwnas.core.measure.LatencyMeasurer;
import io.hwnas.core.search.LatencyEstimate;
import io.hwnas.core.search.LatencyKind;
import io.hwnas.core.search.MeasuringOracle;
import io.hwnas.core.space.Architecture;
import io.hwnas.core.space.SearchSpace;
import io.hwnas.predictors.data.LatencyDataset;
import io.hwnas.predictors.data.LatencyRecord;
import io.hwnas.predictors.spi.LatencyPredictor;
import io.hwnas.predictors.spi.PredictorTrainer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * Latency on one device from a predictor kept honest by real measurements: trained first on a warm-up sample
 * measured for real, it predicts every candidate; the search has it {@link #measure} the candidates that matter
 * (on or near the front, near a budget) and {@link #refit()} on everything measured so far.
 */
public final class PredictorInLoopOracle implements MeasuringOracle {

    private final String device;
    private final SearchSpace space;
    private final String predictorSpec;
    private final PredictorTrainer trainer;
    private final LatencyMeasurer measurer;
    /** Every measurement this oracle knows, in the order taken: the predictor's training rows. */
    private final LinkedHashMap<String, Double> measured = new LinkedHashMap<>();
    private final int warmupSize;
    private LatencyPredictor predictor;
    private int fits;
    private String queue;

    private PredictorInLoopOracle(String device, SearchSpace space, String predictorSpec, PredictorTrainer trainer,
            LatencyMeasurer measurer, int warmupSize) {
        this.device = Objects.requireNonNull(device, "device");
        this.space = space;
        this.predictorSpec = predictorSpec;
        this.trainer = trainer;
        this.measurer = measurer;
        this.warmupSize = warmupSize;
        this.queue = device;
    }

    /**
     * This oracle in measuring queue {@code queue}: devices on one machine (this machine's CPU profiles) share one,
     * so that they never measure at the same time.
     */
    public PredictorInLoopOracle inQueue(String queue) {
        this.queue = Objects.requireNonNull(queue, "queue");
        return this;
    }

    @Override
    public String queue() {
        return queue;
    }

    /**
     * Measures the warm-up sample (from the database where it already is) and trains the first predictor.
     *
     * @throws IllegalStateException when fewer than 3 warm-up measurements succeed
     */
    public static PredictorInLoopOracle start(String device, SearchSpace space, String predictorSpec,
            PredictorTrainer trainer, LatencyMeasurer measurer, List<Architecture> warmup) {
        PredictorInLoopOracle o = new PredictorInLoopOracle(device, space, predictorSpec, trainer, measurer,
                warmup.size());
        o.measure(warmup);
        if (o.measured.size() < 3) {
            throw new IllegalStateException("only " + o.measured.size() + " of " + warmup.size()
                    + " warm-up measurements on " + device + " succeeded; a predictor needs at least 3");
        }
        o.refit();
        return o;
    }

    /** Medians of the warm-up sample as measured, in ms. */
    public List<Double> warmupLatencies() {
        return measured.values().stream().limit(warmupSize).toList();
    }

    @Override
    public String device() {
        return device;
    }

    @Override
    public LatencyKind kind() {
        return LatencyKind.LOOP;
    }

    @Override
    public String source() {
        return "predictor " + predictorSpec + " trained on measurements on " + device + ", refitted as the search "
                + "measures";
    }

    @Override
    public LatencyEstimate estimate(Architecture a) {
        double p = predictor.predict(a).latencyMs();
        Double m = measured.get(a.canonical());
        return m == null ? LatencyEstimate.predicted(p) : new LatencyEstimate(m, p);
    }

    @Override
    public Map<String, Double> measure(List<Architecture> architectures) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (Architecture a : architectures) {
            Double known = measured.get(a.canonical());
            if (known != null) {
                out.put(a.canonical(), known);
                continue;
            }
            OptionalDouble ms = measurer.measure(a);
            if (ms.isPresent()) {
                measured.put(a.canonical(), ms.getAsDouble());
                out.put(a.canonical(), ms.getAsDouble());
            }
        }
        return out;
    }

    @Override
    public void learn(Architecture a, double ms) {
        measured.putIfAbsent(a.canonical(), ms);
    }

    @Override
    public void refit() {
        predictor = trainer.train(measurements());
        fits++;
    }

    /**
     * Every measurement this oracle knows, in the order taken (the warm-up sample first): its predictor's training
     * rows, and what another oracle that {@link io.hwnas.core.search.FollowingOracle follows} this device trains on.
     */
    public LatencyDataset measurements() {
        List<LatencyRecord> rows = new ArrayList<>();
        for (Map.Entry<String, Double> e : measured.entrySet()) {
            rows.add(new LatencyRecord(space.decode(e.getKey()), e.getValue()));
        }
        return new LatencyDataset(space.name(), device, "measurements on " + device + " taken by the search", rows, 0);
    }

    @Override
    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("predictor", predictorSpec);
        m.put("warmup_samples", warmupSize);
        m.put("training_rows", measured.size());
        m.put("fits", fits);
        return m;
    }
}
