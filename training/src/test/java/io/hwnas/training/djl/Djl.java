package io.hwnas.training.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.hwnas.core.config.HwnasHome;
import io.hwnas.core.graph.DataType;
import io.hwnas.core.graph.Shape;
import io.hwnas.core.graph.reference.Tensor;
import java.util.Arrays;

/** The test engine, and conversions between the IR's tensors and DJL's arrays. */
public final class Djl {

    private Djl() {}

    public static DjlEngine engine() {
        return DjlEngine.start(HwnasHome.fromEnvironment().dir(), 0);
    }

    static NDArray array(NDManager m, Tensor t) {
        ai.djl.ndarray.types.Shape s = new ai.djl.ndarray.types.Shape(t.dims());
        return t.type() == DataType.FLOAT ? m.create(t.floats(), s) : m.create(t.longs(), s);
    }

    static Tensor tensor(NDArray a) {
        int[] dims = Arrays.stream(a.getShape().getShape()).mapToInt(Math::toIntExact).toArray();
        return Tensor.ofFloats(Shape.of(dims), a.toFloatArray());
    }
}
