package io.hwnas.predictors.analytic;

import io.hwnas.predictors.registry.PluginOptions;
import io.hwnas.predictors.spi.PredictorContext;
import io.hwnas.predictors.spi.PredictorProvider;
import io.hwnas.predictors.spi.PredictorTrainer;
import java.util.Objects;
import java.util.Set;

/**
 * {@code flops}: the baseline every learned predictor must beat, latency = a·MACs + b with a, b ≥ 0 fitted by least
 * squares on the training set. Options: {@code feature=macs|flops} (default {@code macs}, the NAS papers' "FLOPs"),
 * {@code fit=relative|linear} (default {@code relative}: minimises squared relative error, which gives a lower MAPE
 * than plain least squares on these skewed latencies; both rank alike, since any increasing line of one feature
 * orders architectures the same way), {@code cache=N} (memoised architectures, default 65536).
 *
 * <pre>{@code
 * LatencyPredictor p = new FlopsProvider().trainer("feature=flops", context).train(dataset);
 * }</pre>
 */
public final class FlopsProvider implements PredictorProvider {

    public static final String NAME = "flops";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "latency = a*MACs + b, least squares on the training set (options: feature=macs|flops, "
                + "fit=relative|linear)";
    }

    @Override
    public PredictorTrainer trainer(String options, PredictorContext context) {
        Objects.requireNonNull(context, "context");
        PluginOptions o = PluginOptions.parse(NAME, options, Set.of("feature", "fit", "cache"));
        FlopsTrainer.Config config = new FlopsTrainer.Config(
                o.choice("feature", Set.of("macs", "flops"), "macs").equals("flops"),
                o.choice("fit", Set.of("relative", "linear"), "relative").equals("relative"),
                (int) o.positive("cache").orElse(65536.0).doubleValue());
        return new FlopsTrainer(options == null ? "" : options.strip(), config, context.space());
    }
}
