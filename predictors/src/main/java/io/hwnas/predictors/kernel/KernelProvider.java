package io.hwnas.predictors.kernel;

import io.hwnas.predictors.spi.PredictorContext;
import io.hwnas.predictors.spi.PredictorProvider;

/**
 * {@code kernel}: a network's latency as the sum of per-kernel predictions plus a fitted overhead, each kernel
 * regressed on ONNX Runtime's own per-kernel timings of the training networks (after nn-Meter). Options
 * ({@link KernelOptions}): {@code device=ID,warmup=N,runs=N,neighbours=K,ridge=X}, e.g.
 * {@code --predictor kernel:device=cpu-1t,runs=20}. The traces come from the context's
 * {@link PredictorContext#tracer() tracer}.
 */
public final class KernelProvider implements PredictorProvider {

    public static final String NAME = "kernel";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "sum of per-kernel latencies (regressed on ONNX Runtime's per-kernel traces) plus a fitted overhead, "
                + "after nn-Meter; options device=ID,warmup=N,runs=N,neighbours=K,ridge=X";
    }

    @Override
    public KernelTrainer trainer(String options, PredictorContext context) {
        return new KernelTrainer(KernelOptions.parse(options), context);
    }
}
