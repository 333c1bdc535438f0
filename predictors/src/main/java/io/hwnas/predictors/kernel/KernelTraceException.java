package io.hwnas.predictors.kernel;

import io.hwnas.profilers.ort.ProfilingException;

/**
 * Training a kernel predictor needs per-kernel traces, and tracing failed: the environment, not the caller (the
 * {@link io.hwnas.predictors.spi.PredictorTrainer} interface has no checked exception for it). The cause is the
 * {@link ProfilingException}, which names the model and the device and keeps ORT's error code.
 */
public class KernelTraceException extends RuntimeException {

    public KernelTraceException(String message, ProfilingException cause) {
        super(message + ": " + cause.getMessage(), cause);
    }

    @Override
    public synchronized ProfilingException getCause() {
        return (ProfilingException) super.getCause();
    }
}
