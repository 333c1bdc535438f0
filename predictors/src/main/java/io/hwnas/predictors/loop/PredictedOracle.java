package io.hwnas.predictors.loop;

import io.hwnas.core.search.LatencyEstimate;
import io.hwnas.core.search.LatencyKind;
import io.hwnas.core.search.LatencyOracle;
import io.hwnas.core.space.Architecture;
import io.hwnas.predictors.spi.LatencyPredictor;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** Latency on one device from a saved predictor alone: nothing is measured. */
public final class PredictedOracle implements LatencyOracle {

    private final String device;
    private final LatencyPredictor predictor;
    private final String source;
    private final LatencyKind kind;

    public PredictedOracle(String device, LatencyPredictor predictor, String source) {
        this(device, predictor, source, LatencyKind.PREDICTED);
    }

    /** @param kind {@link LatencyKind#PREDICTED} (a saved predictor) or {@link LatencyKind#SPEC} (a roofline) */
    public PredictedOracle(String device, LatencyPredictor predictor, String source, LatencyKind kind) {
        this.device = Objects.requireNonNull(device, "device");
        this.predictor = Objects.requireNonNull(predictor, "predictor");
        this.source = source;
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    @Override
    public String device() {
        return device;
    }

    @Override
    public LatencyKind kind() {
        return kind;
    }

    @Override
    public String source() {
        return source;
    }

    @Override
    public LatencyEstimate estimate(Architecture a) {
        return LatencyEstimate.predicted(predictor.predict(a).latencyMs());
    }

    @Override
    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("predictor", predictor.info().spec());
        return m;
    }
}
