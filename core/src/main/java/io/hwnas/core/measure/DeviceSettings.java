package io.hwnas.core.measure;

import java.util.Objects;

/**
 * The runtime settings of a device that change latency, so they are part of a measurement's key.
 *
 * <pre>{@code
 * DeviceSettings oneThread = DeviceSettings.cpu(1);
 * DeviceSettings four = oneThread.withIntraOpThreads(4);
 * }</pre>
 *
 * @param executionProvider ONNX Runtime's provider name, e.g. {@value #CPU_PROVIDER}
 */
public record DeviceSettings(
        int intraOpThreads,
        int interOpThreads,
        OptimizationLevel optimizationLevel,
        ExecutionMode executionMode,
        String executionProvider) {

    public static final String CPU_PROVIDER = "CPUExecutionProvider";

    public DeviceSettings {
        if (intraOpThreads < 1) {
            throw new IllegalArgumentException("intraOpThreads must be >= 1, but was " + intraOpThreads);
        }
        if (interOpThreads < 1) {
            throw new IllegalArgumentException("interOpThreads must be >= 1, but was " + interOpThreads);
        }
        Objects.requireNonNull(optimizationLevel, "optimizationLevel");
        Objects.requireNonNull(executionMode, "executionMode");
        Objects.requireNonNull(executionProvider, "executionProvider");
        if (executionProvider.isBlank()) {
            throw new IllegalArgumentException("executionProvider must not be blank, but was '" + executionProvider + "'");
        }
    }

    /** CPU provider, one inter-op thread, all optimisations, sequential execution. */
    public static DeviceSettings cpu(int intraOpThreads) {
        return new DeviceSettings(intraOpThreads, 1, OptimizationLevel.ALL, ExecutionMode.SEQUENTIAL, CPU_PROVIDER);
    }

    public DeviceSettings withIntraOpThreads(int threads) {
        return new DeviceSettings(threads, interOpThreads, optimizationLevel, executionMode, executionProvider);
    }
}
