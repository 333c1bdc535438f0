package io.hwnas.cli.search;

import io.hwnas.profilers.measure.CachingMeasurer;
import io.hwnas.cli.Devices;
import io.hwnas.cli.Predictors;
import io.hwnas.cli.Spaces;
import io.hwnas.core.config.HwnasHome;
import io.hwnas.core.search.LatencyKind;
import io.hwnas.core.search.LatencyOracle;
import io.hwnas.core.search.config.Measuring;
import io.hwnas.core.search.config.SearchConfig;
import io.hwnas.core.space.SearchSpace;
import io.hwnas.devices.registry.DeviceRegistry;
import io.hwnas.devices.spec.DeviceSpec;
import io.hwnas.devices.spi.DeviceProfile;
import io.hwnas.devices.spi.MeasuringMethod;
import io.hwnas.predictors.data.LatencyDataset;
import io.hwnas.predictors.data.LatencyRecord;
import io.hwnas.predictors.loop.PredictedOracle;
import io.hwnas.predictors.loop.PredictorInLoopOracle;
import io.hwnas.predictors.loop.SpecTransferOracle;
import io.hwnas.predictors.spi.LatencyPredictor;
import io.hwnas.predictors.spi.PredictorContext;
import io.hwnas.predictors.transfer.SpecTransfer;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.function.Function;

/**
 * Latency on a spec-sheet device, where nothing is measured: transferred from a measured reference with both spec
 * sheets ({@link SpecTransfer}), or with {@code --spec-reference none} the roofline of its figures; marked as
 * predicted only either way. The reference's warm-up sample is measured once for all the spec sheets that need it.
 */
final class SpecSheets {

    private final SearchSpace space;
    private final SearchConfig config;
    private final DeviceProfile reference;
    private final Function<DeviceProfile, CachingMeasurer> measurer;
    private final PrintWriter err;
    private final Map<String, CachingMeasurer> referenceMeasurers = new LinkedHashMap<>();
    private final Map<String, LatencyDataset> referenceRows = new LinkedHashMap<>();

    /** @param reference the checked reference ({@link #reference}), or null for the raw roofline */
    SpecSheets(SearchSpace space, SearchConfig config, DeviceProfile reference,
            Function<DeviceProfile, CachingMeasurer> measurer, PrintWriter err) {
        this.space = space;
        this.config = config;
        this.reference = reference;
        this.measurer = measurer;
        this.err = err;
    }

    /**
     * The reference of the search's spec-sheet devices, checked before anything is measured: a device hwnas can
     * measure here that states its own spec-sheet figures; {@code null} for {@code none}.
     */
    static DeviceProfile reference(DeviceRegistry registry, String id) {
        if (id.equals(Measuring.NO_REFERENCE)) {
            return null;
        }
        DeviceProfile ref;
        try {
            ref = registry.get(id);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--spec-reference: " + e.getMessage() + "; or none for the raw "
                    + "roofline");
        }
        if (ref.method() == MeasuringMethod.SPEC) {
            throw new IllegalArgumentException("--spec-reference " + ref.id() + " is a spec sheet itself; the reference "
                    + "must be a device hwnas measures (cpu-1t, cpu, a remote or adb profile), or none for the raw "
                    + "roofline");
        }
        if (!ref.availability().available()) {
            throw new IllegalArgumentException("--spec-reference " + ref.id() + " cannot be used here: "
                    + ref.availability().reason());
        }
        if (ref.spec().isEmpty()) {
            throw new IllegalArgumentException("--spec-reference " + ref.id() + " states no spec-sheet figures (peak "
                    + "GFLOP/s and memory bandwidth), which the transfer to a spec-sheet device needs: give the "
                    + "reference a JSON profile with a spec, or use --spec-reference none for the raw roofline");
        }
        return ref;
    }

    /** @param loops the predictors in the loop of the search's measured devices, by device */
    LatencyOracle oracle(DeviceProfile device, Map<String, PredictorInLoopOracle> loops) {
        DeviceSpec spec = device.spec().orElseThrow();
        if (reference == null) {
            PredictorContext ctx = new PredictorContext(space, config.seed(), HwnasHome.fromEnvironment().dir(),
                    OptionalDouble.of(spec.peakGflops()), OptionalDouble.of(spec.memoryBandwidthGBs()));
            LatencyPredictor roofline = Predictors.registry().trainer("roofline", ctx).train(
                    new LatencyDataset(space.name(), device.id(), "spec sheet of " + device.id(), List.of(), 0));
            return new PredictedOracle(device.id(), roofline, "roofline from the spec sheet ("
                    + spec.peakGflops() + " GFLOP/s, " + spec.memoryBandwidthGBs() + " GB/s; " + spec.source()
                    + "); predicted only, nothing measured", LatencyKind.SPEC);
        }
        DeviceSpec refSpec = reference.spec().orElseThrow();
        SpecTransfer transfer = SpecTransfer.builder().space(space).reference(Devices.specSheet(reference, refSpec))
                .target(Devices.specSheet(device, spec)).build();
        PredictorInLoopOracle loop = loops.get(reference.id());
        String how = loop != null ? "its warm-up sample and every measurement the search takes there"
                : "a warm-up sample of " + config.measuring().warmupSamples() + " architectures";
        String source = "transferred from " + reference.id() + " measurements (" + how + ") with the spec sheets of "
                + reference.id() + " (" + figures(refSpec) + ") and " + device.id() + " (" + figures(spec) + "; "
                + spec.source() + "); predicted only, nothing measured on " + device.id();
        if (loop != null) {
            return SpecTransferOracle.following(device.id(), transfer, loop, source);
        }
        return SpecTransferOracle.fixed(device.id(), transfer, reference.id(), rows(device), source);
    }

    /** The reference's warm-up measurements, taken once for all the spec-sheet devices that need them. */
    private LatencyDataset rows(DeviceProfile device) {
        LatencyDataset rows = referenceRows.get(reference.id());
        if (rows == null) {
            CachingMeasurer m = measurer.apply(reference);
            referenceMeasurers.put(reference.id(), m);
            List<LatencyRecord> records = LatencyWiring.warmUp(m, Spaces.sampleDistinct(space,
                    config.measuring().warmupSamples(), config.seed()), "warm-up on " + reference.id()
                    + " (reference of " + device.id() + ")", err);
            rows = new LatencyDataset(space.name(), reference.id(), "warm-up sample measured on " + reference.id(),
                    records, 0);
            referenceRows.put(reference.id(), rows);
        }
        return rows;
    }

    /** The measurers of references that are not devices of the search. */
    List<CachingMeasurer> referenceMeasurers() {
        return new ArrayList<>(referenceMeasurers.values());
    }

    private static String figures(DeviceSpec spec) {
        return String.format(Locale.ROOT, "%.4g GFLOP/s, %.4g GB/s", spec.peakGflops(), spec.memoryBandwidthGBs());
    }
}
