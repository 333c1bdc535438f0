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

    /**
     * The most threads a session may ask for, wherever the count comes from (the command line, a device profile, the
     * agent): ONNX Runtime creates every thread it is asked for up front, so 10^8 exhausts the memory before the
     * first run (issue 18).
     */
    public static final int MAX_THREADS = 1024;

    public DeviceSettings {
        checkThreads("intraOpThreads", intraOpThreads);
        checkThreads("interOpThreads", interOpThreads);
        Objects.requireNonNull(optimizationLevel, "optimizationLevel");
        Objects.requireNonNull(executionMode, "executionMode");
        Objects.requireNonNull(executionProvider, "executionProvider");
        if (executionProvider.isBlank()) {
            throw new IllegalArgumentException("executionProvider must not be blank, but was '" + executionProvider + "'");
        }
    }

    /**
     * Refuses a thread count outside {@code 1..MAX_THREADS}, naming it as {@code what} (a field, a flag or a JSON
     * pointer): {@code --threads must be <= 1024, but was 100000000}.
     */
    public static int checkThreads(String what, long threads) {
        if (threads < 1) {
            throw new IllegalArgumentException(what + " must be >= 1, but was " + threads);
        }
        if (threads > MAX_THREADS) {
            throw new IllegalArgumentException(what + " must be <= " + MAX_THREADS + ", but was " + threads);
        }
        return (int) threads;
    }

    /** CPU provider, one inter-op thread, all optimisations, sequential execution. */
    public static DeviceSettings cpu(int intraOpThreads) {
        return new DeviceSettings(intraOpThreads, 1, OptimizationLevel.ALL, ExecutionMode.SEQUENTIAL, CPU_PROVIDER);
    }

    public DeviceSettings withIntraOpThreads(int threads) {
        return new DeviceSettings(threads, interOpThreads, optimizationLevel, executionMode, executionProvider);
    }
}
