package io.hwnas.training.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;

/**
 * What DJL's {@code PtGradientCollector} does (gradients recorded while open, {@link #backward} with a gradient of
 * ones, the thread's grad mode put back on close), without its process-wide flag that lets only one collector be
 * open at a time: with it, a second training in the same JVM (a pool of workers, Spark's {@code local[2]}) failed
 * with "A PtGradientCollector is already collecting". PyTorch's grad mode is per thread, and each training owns its
 * parameters and zeroes their gradients itself ({@link Updates#apply}), so trainings in parallel threads do not meet.
 */
final class Backward implements AutoCloseable {

    private final boolean before;

    /**
     * Turns gradient recording off in this thread, as DJL does only in the thread that starts the engine: PyTorch's
     * default in any other thread (a pool's worker, a Spark task's) is on, and an evaluation would then keep every
     * layer's activations for a backward pass that never comes.
     */
    static void offInThisThread() {
        JniUtils.setGradMode(false);
    }

    Backward() {
        before = JniUtils.isGradMode();
        JniUtils.setGradMode(true);
    }

    void backward(NDArray target) {
        NDArray ones = target.getManager().ones(target.getShape(), target.getDataType())
                .toDevice(target.getDevice(), false);
        JniUtils.backward((PtNDArray) target, (PtNDArray) ones, false, false);
    }

    @Override
    public void close() {
        if (!before) {
            JniUtils.setGradMode(false);
        }
    }
}
