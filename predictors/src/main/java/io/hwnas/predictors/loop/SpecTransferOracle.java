package io.hwnas.predictors.loop;

import io.hwnas.core.search.LatencyEstimate;
import io.hwnas.core.search.LatencyKind;
import io.hwnas.core.search.FollowingOracle;
import io.hwnas.core.space.Architecture;
import io.hwnas.predictors.data.LatencyDataset;
import io.hwnas.predictors.transfer.SpecTransfer;
import io.hwnas.predictors.transfer.SpecTransferPredictor;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Latency on a spec-sheet device, nothing measured on it: a {@link SpecTransfer} fitted on a measured reference
 * device's measurements. When the reference is one of the search's own predictor-in-the-loop devices, this oracle
 * {@link #learnsFrom() learns from} it and is refitted with every measurement the search takes there; otherwise it is
 * fitted once, on the reference's warm-up sample.
 *
 * <pre>{@code
 * SpecTransferOracle pi = SpecTransferOracle.following("rpi5", transfer, cpu1tLoop, source);
 * SpecTransferOracle fixed = SpecTransferOracle.fixed("rpi5", transfer, "cpu-1t", warmupRows, source);
 * }</pre>
 */
public final class SpecTransferOracle implements FollowingOracle {

    private final String device;
    private final SpecTransfer transfer;
    private final String reference;
    private final Supplier<LatencyDataset> rows;
    private final boolean follows;
    private final String source;
    private SpecTransferPredictor predictor;
    private int fits;

    private SpecTransferOracle(String device, SpecTransfer transfer, String reference, Supplier<LatencyDataset> rows,
            boolean follows, String source) {
        this.device = Objects.requireNonNull(device, "device");
        this.transfer = Objects.requireNonNull(transfer, "transfer");
        this.reference = Objects.requireNonNull(reference, "reference");
        this.rows = Objects.requireNonNull(rows, "rows");
        this.follows = follows;
        this.source = Objects.requireNonNull(source, "source");
        refit();
    }

    /**
     * Fitted on {@code loop}'s measurements now, and again whenever the search measures on its device.
     *
     * @throws IllegalArgumentException when the reference has fewer than {@link SpecTransfer#MIN_ROWS} measurements
     */
    public static SpecTransferOracle following(String device, SpecTransfer transfer, PredictorInLoopOracle loop,
            String source) {
        return new SpecTransferOracle(device, transfer, loop.device(), loop::measurements, true, source);
    }

    /**
     * Fitted once on {@code referenceRows}.
     *
     * @throws IllegalArgumentException when they are fewer than {@link SpecTransfer#MIN_ROWS}
     */
    public static SpecTransferOracle fixed(String device, SpecTransfer transfer, String reference,
            LatencyDataset referenceRows, String source) {
        Objects.requireNonNull(referenceRows, "referenceRows");
        return new SpecTransferOracle(device, transfer, reference, () -> referenceRows, false, source);
    }

    @Override
    public String device() {
        return device;
    }

    /** {@code spec}: predicted only, as a roofline from the spec sheet is. */
    @Override
    public LatencyKind kind() {
        return LatencyKind.SPEC;
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
    public Set<String> learnsFrom() {
        return follows ? Set.of(reference) : Set.of();
    }

    @Override
    public void refit() {
        predictor = transfer.train(rows.get());
        fits++;
    }

    /** The transfer now in use. */
    public SpecTransferPredictor predictor() {
        return predictor;
    }

    @Override
    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("predictor", SpecTransfer.PLUGIN);
        m.put("reference", reference);
        m.put("refitted_as_the_search_measures", follows);
        m.put("training_rows", Integer.parseInt(predictor.info().details().get("samples")));
        m.put("fits", fits);
        m.put("fit", predictor.describe());
        m.put("reference_spec", transfer.reference().toString() + (transfer.reference().source().isEmpty() ? ""
                : ": " + transfer.reference().source()));
        m.put("target_spec", transfer.target().toString() + (transfer.target().source().isEmpty() ? ""
                : ": " + transfer.target().source()));
        return m;
    }
}
