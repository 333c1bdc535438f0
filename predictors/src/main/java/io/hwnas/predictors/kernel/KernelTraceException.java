package io.hwnas.predictors.kernel;

import io.hwnas.core.measure.MeasuringException;

/**
 * Training a kernel predictor needs per-kernel traces, and tracing failed: the environment, not the caller (the
 * {@link io.hwnas.predictors.spi.PredictorTrainer} interface has no checked exception for it). The cause is the
 * tracer's {@link MeasuringException}, which names the model and the device (ONNX Runtime's also keeps its error
 * code).
 */
public class KernelTraceException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public KernelTraceException(String message, MeasuringException cause) {
        super(message + ": " + cause.getMessage(), cause);
    }

    @Override
    public synchronized MeasuringException getCause() {
        return (MeasuringException) super.getCause();
    }
}
