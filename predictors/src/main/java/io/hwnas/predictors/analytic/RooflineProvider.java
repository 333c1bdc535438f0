package io.hwnas.predictors.analytic;

import io.hwnas.predictors.registry.PluginOptions;
import io.hwnas.predictors.spi.PredictorContext;
import io.hwnas.predictors.spi.PredictorProvider;
import io.hwnas.predictors.spi.PredictorTrainer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * {@code roofline}: an analytic model that needs no measurement. Each node of the architecture's graph takes
 * {@code max(FLOPs / peak, bytes moved / bandwidth)}; the network is their sum (nodes run one after another, at
 * batch 1). Peak GFLOP/s and bandwidth GB/s come from the {@link PredictorContext} (the device's published figures)
 * or the options {@code peak=GFLOPS,bw=GBS}, which win. Training ignores the data unless {@code calibrate} is given:
 * then one scale factor is fitted, the geometric mean of measured/predicted over the training set (least squares in
 * log space), which keeps the ranking and removes the constant-factor optimism of a roofline. {@code cache=N} sets
 * how many architectures are memoised (default 65536).
 *
 * <pre>{@code
 * LatencyPredictor p = new RooflineProvider().trainer("peak=100,bw=20", context).train(anyDataset);
 * }</pre>
 */
public final class RooflineProvider implements PredictorProvider {

    public static final String NAME = "roofline";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "analytic: per node max(FLOPs/peak, bytes/bandwidth), summed; needs no measurement "
                + "(options: peak=GFLOPS, bw=GBS, calibrate)";
    }

    /** @throws IllegalArgumentException naming whichever of peak and bandwidth is known neither way */
    @Override
    public PredictorTrainer trainer(String options, PredictorContext context) {
        Objects.requireNonNull(context, "context");
        PluginOptions o = PluginOptions.parse(NAME, options, Set.of("peak", "bw", "calibrate", "cache"));
        Double peak = o.positive("peak").orElse(context.peakGflops().isPresent()
                ? context.peakGflops().getAsDouble() : null);
        Double bw = o.positive("bw").orElse(context.bandwidthGBs().isPresent()
                ? context.bandwidthGBs().getAsDouble() : null);
        List<String> missing = new ArrayList<>();
        if (peak == null) {
            missing.add("peak GFLOP/s (option peak=GFLOPS)");
        }
        if (bw == null) {
            missing.add("memory bandwidth GB/s (option bw=GBS)");
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("roofline needs the device's " + String.join(" and ", missing)
                    + ", and neither the device profile nor the options give it; e.g. the predictor spec "
                    + "roofline:peak=100,bw=20");
        }
        if (!(peak > 0 && Double.isFinite(peak))) {
            throw new IllegalArgumentException("roofline peak must be > 0 GFLOP/s, but was " + peak);
        }
        if (!(bw > 0 && Double.isFinite(bw))) {
            throw new IllegalArgumentException("roofline bandwidth must be > 0 GB/s, but was " + bw);
        }
        return new RooflineTrainer(options == null ? "" : options.strip(),
                new RooflineTrainer.Config(peak, bw, o.flag("calibrate"),
                        (int) o.positive("cache").orElse(65536.0).doubleValue()),
                context.space());
    }
}
