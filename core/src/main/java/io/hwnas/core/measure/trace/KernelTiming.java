package io.hwnas.core.measure.trace;

import java.util.List;
import java.util.Objects;

/**
 * One kernel ONNX Runtime ran, over the kept runs of a trace: what it was, which IR nodes it computed, and how long
 * it took.
 *
 * @param kernelName      the node name in ORT's optimised graph (the trace event's name less {@code _kernel_time}),
 *                        e.g. {@code stage1/cell0/node3/from0/batchnormalization_nchwc}
 * @param opType          the operator ORT ran: {@code Conv}, {@code FusedConv}, {@code ReorderOutput}, ...
 * @param provider        the execution provider, e.g. {@code CPUExecutionProvider}
 * @param irNodes         the IR nodes the kernel covers, the node it is named after (its anchor) first, then those ORT
 *                        fused into it in graph order (the profiler's kernel attribution); empty for a kernel that
 *                        carries no IR node's name: layout reorders ({@code ReorderInput}/{@code ReorderOutput}) and the
 *                        unnamed parts of an operator ORT expanded (HardSwish as {@code HardSigmoid_264},
 *                        {@code Mul_265})
 * @param inputShapes     the shapes of the kernel's inputs, as ORT reported them (activations and weights)
 * @param outputShapes    the shapes of its outputs
 * @param parameterBytes  bytes of the kernel's initializers (ORT's {@code parameter_size})
 * @param activationBytes bytes of its non-initializer inputs (ORT's {@code activation_size})
 * @param outputBytes     bytes of its outputs (ORT's {@code output_size})
 * @param medianUs        median duration over the kept runs, in microseconds
 * @param samplesUs       the duration in each kept run, in run order
 */
public record KernelTiming(String kernelName, String opType, String provider, List<String> irNodes,
        List<List<Long>> inputShapes, List<List<Long>> outputShapes, long parameterBytes, long activationBytes,
        long outputBytes, double medianUs, List<Double> samplesUs) {

    public KernelTiming {
        Objects.requireNonNull(kernelName, "kernelName");
        Objects.requireNonNull(opType, "opType");
        Objects.requireNonNull(provider, "provider");
        irNodes = List.copyOf(irNodes);
        inputShapes = inputShapes.stream().map(List::copyOf).toList();
        outputShapes = outputShapes.stream().map(List::copyOf).toList();
        samplesUs = List.copyOf(samplesUs);
        if (!(medianUs >= 0) || Double.isInfinite(medianUs)) {
            throw new IllegalArgumentException("medianUs must be finite and >= 0, but was " + medianUs + " for kernel '"
                    + kernelName + "'");
        }
        if (samplesUs.isEmpty()) {
            throw new IllegalArgumentException("kernel '" + kernelName + "' has no samples");
        }
    }

    /** The IR node the kernel is named after, or null for a kernel that names none. */
    public String anchor() {
        return irNodes.isEmpty() ? null : irNodes.get(0);
    }

    public boolean attributed() {
        return !irNodes.isEmpty();
    }

    /**
     * This kernel's times divided by a speed factor: what it takes on the machine at its baseline speed. The median
     * is {@code medianUs / speedFactor} exactly, each sample its own time divided.
     */
    public KernelTiming corrected(double speedFactor) {
        if (!(Double.isFinite(speedFactor) && speedFactor > 0)) {
            throw new IllegalArgumentException("speedFactor must be finite and > 0, but was " + speedFactor);
        }
        return new KernelTiming(kernelName, opType, provider, irNodes, inputShapes, outputShapes, parameterBytes,
                activationBytes, outputBytes, medianUs / speedFactor,
                samplesUs.stream().map(us -> us / speedFactor).toList());
    }
}
