package io.hwnas.predictors.lut;

import io.hwnas.predictors.registry.PluginOptions;
import io.hwnas.predictors.spi.PredictorContext;
import io.hwnas.predictors.spi.PredictorProvider;
import io.hwnas.predictors.spi.PredictorTrainer;
import java.util.Objects;
import java.util.Set;

/**
 * {@code lut}: a per-block latency lookup table, after once-for-all, fitted from whole-network measurements. The
 * latency of a network is taken as a base plus the sum of its blocks' latencies; the per-block latencies are found by
 * ridge-regularised least squares, non-negative by default; each block keeps its mean, a variance (the squared
 * residuals of the networks that contain it, attributed by its share of their predicted latency) and its count.
 * Prediction reads only the genome, so it costs a few array reads.
 *
 * <p>Options: {@code ridge=R} (default 1e-4: the penalty on block latencies is R × training rows; bases are
 * barely penalised; it mostly decides splits the data cannot, and shrinks rarely seen blocks),
 * {@code nonneg=true|false} (default true), {@code bucket=PX} (mbv3 resolution bucket width, default 16), {@code edges=live|all} (nb201: which
 * edges have blocks; {@code live}, the default, matches the networks hwnas builds and measures; {@code all} matches
 * NAS-Bench-201's published PyTorch latencies, which run dead edges and {@code none} too, and fits those tables
 * about five times better). Supported spaces: nb201 and mbv3 (see their layouts for the blocks).
 *
 * <pre>{@code
 * LutPredictor lut = (LutPredictor) new LutProvider().trainer("ridge=1e-4", context).train(dataset);
 * lut.table().entries().forEach(System.out::println);
 * }</pre>
 */
public final class LutProvider implements PredictorProvider {

    public static final String NAME = "lut";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "per-block lookup table (mean, variance, count) fitted from whole-network latencies by non-negative "
                + "ridge least squares (options: ridge=R, nonneg=true|false, bucket=PX, edges=live|all)";
    }

    @Override
    public PredictorTrainer trainer(String options, PredictorContext context) {
        Objects.requireNonNull(context, "context");
        PluginOptions o = PluginOptions.parse(NAME, options, Set.of("ridge", "nonneg", "bucket", "edges"));
        double bucket = o.positive("bucket").orElse(16.0);
        if (bucket != Math.rint(bucket)) {
            throw new IllegalArgumentException("lut option bucket must be a whole number of pixels, but was '"
                    + o.text("bucket").orElse("") + "'");
        }
        String nonneg = o.choice("nonneg", Set.of("true", "false"), "true");
        LutTrainer.Config config = new LutTrainer.Config(o.nonNegative("ridge", 1e-4), nonneg.equals("true"));
        boolean allEdges = o.choice("edges", Set.of("live", "all"), "live").equals("all");
        BlockLayout layout = BlockLayout.of(context.space(), (int) bucket, allEdges);
        return new LutTrainer(options == null ? "" : options.strip(), config, context.space().name(), layout);
    }
}
