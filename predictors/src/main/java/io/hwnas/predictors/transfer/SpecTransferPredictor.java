package io.hwnas.predictors.transfer;

import io.hwnas.core.space.Architecture;
import io.hwnas.predictors.spi.LatencyPredictor;
import io.hwnas.predictors.spi.Prediction;
import io.hwnas.predictors.spi.PredictorInfo;
import java.util.Locale;
import java.util.Objects;

/**
 * A spec-sheet device's latency carried over from a measured reference: {@code s·b + w_c·C + w_m·M + s·w_o·N} at the
 * target's figures (see {@link SpecTransfer}). Immutable and thread-safe; made by {@link SpecTransfer#train}.
 */
public final class SpecTransferPredictor implements LatencyPredictor {

    /** Predictions are never below this: a latency is positive, and a fit with a negative intercept could not be. */
    public static final double FLOOR_MS = 1e-3;

    private final PredictorInfo info;
    private final SpecTransfer transfer;
    private final double intercept;
    private final double computeWeight;
    private final double memoryWeight;
    private final double perOperatorMs;
    private final double scaleMs;

    SpecTransferPredictor(PredictorInfo info, SpecTransfer transfer, double intercept, double computeWeight,
            double memoryWeight, double perOperatorMs, double scaleMs) {
        this.info = Objects.requireNonNull(info, "info");
        this.transfer = Objects.requireNonNull(transfer, "transfer");
        this.intercept = intercept;
        this.computeWeight = computeWeight;
        this.memoryWeight = memoryWeight;
        this.perOperatorMs = perOperatorMs;
        this.scaleMs = scaleMs;
    }

    @Override
    public PredictorInfo info() {
        return info;
    }

    /** @throws IllegalArgumentException for an architecture of another space */
    @Override
    public Prediction predict(Architecture architecture) {
        SpecTransfer.Costs c = transfer.costs(architecture);
        double s = transfer.overheadScale();
        double ms = s * intercept + computeWeight * c.targetComputeMs() + memoryWeight * c.targetMemoryMs()
                + s * perOperatorMs * c.nodes();
        return Prediction.of(Math.max(FLOOR_MS, ms));
    }

    /** The fit on the reference itself, {@code b + w_c·C_ref + w_m·M_ref + w_o·N}: how well the model fits there. */
    public double referenceMs(Architecture architecture) {
        SpecTransfer.Costs c = transfer.costs(architecture);
        return intercept + computeWeight * c.referenceComputeMs() + memoryWeight * c.referenceMemoryMs()
                + perOperatorMs * c.nodes();
    }

    /** {@code b}, the reference's fixed cost in ms (the target's is {@code s·b}). */
    public double intercept() {
        return intercept;
    }

    /** {@code w_c}: the reference runs at {@code 1/w_c} of its peak, and the target is assumed to as well. */
    public double computeWeight() {
        return computeWeight;
    }

    /** {@code w_m}: the same for memory bandwidth. */
    public double memoryWeight() {
        return memoryWeight;
    }

    /** {@code w_o}, the reference's cost per operator in ms (the target's is {@code s·w_o}). */
    public double perOperatorMs() {
        return perOperatorMs;
    }

    /** {@code s}, see {@link SpecTransfer#overheadScale()}. */
    public double overheadScale() {
        return transfer.overheadScale();
    }

    /** The robust residual scale of the fit on the reference, in ms. */
    public double scaleMs() {
        return scaleMs;
    }

    /** The fit in one line, for a manifest or a log. */
    public String describe() {
        return String.format(Locale.ROOT, "%.4g ms + %.4g x compute at peak + %.4g x memory at full bandwidth + "
                + "%.4g ms per operator on %s; overhead x %.3g on %s", intercept, computeWeight, memoryWeight,
                perOperatorMs, transfer.reference().device(), transfer.overheadScale(), transfer.target().device());
    }

    @Override
    public String toString() {
        return "SpecTransferPredictor[" + describe() + "]";
    }
}
