package io.hwnas.devices.cuda;

import io.hwnas.devices.spi.Availability;
import java.lang.reflect.Method;
import java.util.Collection;

/**
 * Whether ONNX Runtime's CUDA execution provider can run here. Asked through reflection, so that the devices module
 * does not need ONNX Runtime: the CPU build ({@code com.microsoft.onnxruntime:onnxruntime}) has no CUDA provider;
 * the GPU build ({@code onnxruntime_gpu}, Maven profile {@code cuda}) has it, and then a CUDA driver must be there.
 */
public final class Cuda {

    /** ONNX Runtime's name for the provider, as {@code DeviceSettings.executionProvider()} holds it. */
    public static final String PROVIDER = "CUDAExecutionProvider";

    private Cuda() {}

    public static Availability availability() {
        Class<?> env;
        try {
            env = Class.forName("ai.onnxruntime.OrtEnvironment");
        } catch (ClassNotFoundException e) {
            return Availability.unavailable("ONNX Runtime is not on the class path");
        }
        try {
            Method m = env.getMethod("getAvailableProviders");
            Collection<?> providers = (Collection<?>) m.invoke(null);
            for (Object p : providers) {
                if (p.toString().equals("CUDA")) {
                    return Availability.AVAILABLE;
                }
            }
            return Availability.unavailable("the CUDA execution provider is not in this ONNX Runtime build "
                    + providers + "; build hwnas with the GPU runtime: mvn -Pcuda package (needs a CUDA driver)");
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            return Availability.unavailable("ONNX Runtime could not list its execution providers: "
                    + cause.getMessage());
        }
    }
}
