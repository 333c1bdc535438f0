package io.hwnas.core.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hwnas.core.graph.DataType;
import io.hwnas.core.graph.reference.Tensor;
import java.util.Map;

/**
 * Compares a runtime's output with the reference. The relative error of one element is
 * {@code |actual - expected| / max(|expected|, floor)}: relative where values are not tiny, absolute (scaled by
 * {@code floor}) near zero, where float32 rounding in a long sum has no relative meaning. The default floor is 1e-3.
 */
public final class TensorComparison {

    public static final double DEFAULT_FLOOR = 1e-3;

    private TensorComparison() {}

    public static double maxRelativeError(Tensor expected, Tensor actual) {
        return maxRelativeError(expected, actual, DEFAULT_FLOOR);
    }

    public static double maxRelativeError(Tensor expected, Tensor actual, double floor) {
        assertEquals(expected.shape(), actual.shape(), "shape");
        assertEquals(expected.type(), actual.type(), "element type");
        if (expected.type() == DataType.INT64) {
            assertArrayEquals(expected.longs(), actual.longs());
            return 0;
        }
        float[] e = expected.floats();
        float[] a = actual.floats();
        double worst = 0;
        for (int i = 0; i < e.length; i++) {
            if (Float.isNaN(e[i]) || Float.isNaN(a[i])) {
                return Double.POSITIVE_INFINITY;
            }
            worst = Math.max(worst, Math.abs(a[i] - (double) e[i]) / Math.max(Math.abs(e[i]), floor));
        }
        return worst;
    }

    /** Asserts that every output is present in both and within {@code tolerance}; returns the largest error. */
    public static double assertClose(Map<String, Tensor> expected, Map<String, Tensor> actual, double tolerance,
            String what) {
        assertEquals(expected.keySet(), actual.keySet(), what + ": output names");
        double worst = 0;
        for (String name : expected.keySet()) {
            double err = maxRelativeError(expected.get(name), actual.get(name));
            assertTrue(err <= tolerance, what + ": output '" + name + "' max relative error " + err + " > "
                    + tolerance);
            worst = Math.max(worst, err);
        }
        return worst;
    }
}
