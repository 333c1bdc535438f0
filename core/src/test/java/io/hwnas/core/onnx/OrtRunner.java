package io.hwnas.core.onnx;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.hwnas.core.graph.DataType;
import io.hwnas.core.graph.Shape;
import io.hwnas.core.graph.reference.Tensor;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs an ONNX model in ONNX Runtime (CPU, one thread) for tests: tensors in, tensors out, every native resource
 * closed. Other modules' tests reuse it through core's test-jar.
 *
 * <pre>{@code
 * Map<String, Tensor> out = OrtRunner.run(OnnxExporter.defaults().toBytes(graph, weights), inputs);
 * }</pre>
 */
public final class OrtRunner {

    private OrtRunner() {}

    /** One environment per process, as ONNX Runtime wants. */
    public static OrtEnvironment environment() {
        return OrtEnvironment.getEnvironment();
    }

    /** Runs with all graph optimisations (fusions included), as a deployment would. */
    public static Map<String, Tensor> run(byte[] model, Map<String, Tensor> inputs) throws OrtException {
        return run(model, inputs, OrtSession.SessionOptions.OptLevel.ALL_OPT);
    }

    public static Map<String, Tensor> run(byte[] model, Map<String, Tensor> inputs,
            OrtSession.SessionOptions.OptLevel level) throws OrtException {
        OrtEnvironment env = environment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(1);
            options.setInterOpNumThreads(1);
            options.setOptimizationLevel(level);
            try (OrtSession session = env.createSession(model, options)) {
                return run(session, inputs);
            }
        }
    }

    public static Map<String, Tensor> run(OrtSession session, Map<String, Tensor> inputs) throws OrtException {
        OrtEnvironment env = environment();
        List<OnnxTensor> created = new ArrayList<>();
        try {
            Map<String, OnnxTensor> feed = new LinkedHashMap<>();
            for (Map.Entry<String, Tensor> e : inputs.entrySet()) {
                Tensor t = e.getValue();
                OnnxTensor ot = t.type() == DataType.FLOAT
                        ? OnnxTensor.createTensor(env, FloatBuffer.wrap(t.floats()), t.dims())
                        : OnnxTensor.createTensor(env, LongBuffer.wrap(t.longs()), t.dims());
                created.add(ot);
                feed.put(e.getKey(), ot);
            }
            Map<String, Tensor> out = new LinkedHashMap<>();
            try (OrtSession.Result result = session.run(feed)) {
                for (Map.Entry<String, OnnxValue> e : result) {
                    out.put(e.getKey(), toTensor((OnnxTensor) e.getValue()));
                }
            }
            return out;
        } finally {
            created.forEach(OnnxTensor::close);
        }
    }

    private static Tensor toTensor(OnnxTensor t) {
        TensorInfo info = t.getInfo();
        long[] dims = info.getShape();
        int[] d = new int[dims.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = Math.toIntExact(dims[i]);
        }
        if (info.type == OnnxJavaType.FLOAT) {
            FloatBuffer fb = t.getFloatBuffer();
            float[] f = new float[fb.remaining()];
            fb.get(f);
            return Tensor.ofFloats(Shape.of(d), f);
        }
        if (info.type == OnnxJavaType.INT64) {
            LongBuffer lb = t.getLongBuffer();
            long[] l = new long[lb.remaining()];
            lb.get(l);
            return Tensor.ofLongs(Shape.of(d), l);
        }
        throw new IllegalStateException("unsupported ONNX Runtime output type " + info.type);
    }
}
