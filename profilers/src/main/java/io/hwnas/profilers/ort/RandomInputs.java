package io.hwnas.profilers.ort;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import ai.onnxruntime.ValueInfo;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * One tensor of random data per declared model input, made once and reused for every run. Symbolic or dynamic
 * dimensions become 1. FLOAT inputs get uniform values in [-1, 1); INT64 and INT32 inputs get 0 or 1, since
 * integer inputs are usually indices (token ids for Gather) and 0..1 is valid for any table of two or more rows.
 */
public final class RandomInputs implements AutoCloseable {

    private final Map<String, OnnxTensor> tensors;

    private RandomInputs(Map<String, OnnxTensor> tensors) {
        this.tensors = Collections.unmodifiableMap(tensors);
    }

    public Map<String, OnnxTensor> tensors() {
        return tensors;
    }

    public static RandomInputs create(OrtEnvironment env, OrtSession session, long seed, Path model, String deviceId)
            throws ProfilingException {
        Map<String, OnnxTensor> made = new LinkedHashMap<>();
        RandomInputs inputs = new RandomInputs(made);
        try {
            SplittableRandom random = new SplittableRandom(seed);
            for (Map.Entry<String, NodeInfo> e : session.getInputInfo().entrySet()) {
                made.put(e.getKey(), tensor(env, e.getKey(), e.getValue().getInfo(), random.split(), model, deviceId));
            }
            return inputs;
        } catch (OrtException e) {
            inputs.close();
            throw new ProfilingException("cannot create input tensors for model: " + model, model, deviceId, e);
        } catch (ProfilingException | RuntimeException e) {
            inputs.close();
            throw e;
        }
    }

    private static OnnxTensor tensor(OrtEnvironment env, String name, ValueInfo info, SplittableRandom random,
                                     Path model, String deviceId) throws OrtException, ProfilingException {
        if (!(info instanceof TensorInfo)) {
            throw new ProfilingException("unsupported input in model " + model + ": input '" + name
                    + "' is not a tensor but " + info + "; supported: FLOAT, INT64, INT32 tensors", model, deviceId, null);
        }
        TensorInfo tensor = (TensorInfo) info;
        long[] shape = tensor.getShape().clone();
        long count = 1;
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] < 0) {
                shape[i] = 1;
            }
            count = Math.multiplyExact(count, shape[i]);
        }
        if (count > Integer.MAX_VALUE / 8) {
            throw new ProfilingException("input too large in model " + model + ": input '" + name + "' has shape "
                    + Arrays.toString(shape), model, deviceId, null);
        }
        int n = (int) count;
        switch (tensor.type) {
            case FLOAT: {
                FloatBuffer data = direct(n * Float.BYTES).asFloatBuffer();
                for (int i = 0; i < n; i++) {
                    data.put(i, (float) (random.nextDouble() * 2 - 1));
                }
                return OnnxTensor.createTensor(env, data, shape);
            }
            case INT64: {
                LongBuffer data = direct(n * Long.BYTES).asLongBuffer();
                for (int i = 0; i < n; i++) {
                    data.put(i, random.nextInt(2));
                }
                return OnnxTensor.createTensor(env, data, shape);
            }
            case INT32: {
                IntBuffer data = direct(n * Integer.BYTES).asIntBuffer();
                for (int i = 0; i < n; i++) {
                    data.put(i, random.nextInt(2));
                }
                return OnnxTensor.createTensor(env, data, shape);
            }
            default:
                throw new ProfilingException("unsupported input type in model " + model + ": input '" + name
                        + "' has type " + typeName(tensor) + "; supported: FLOAT, INT64, INT32", model, deviceId, null);
        }
    }

    /** Direct and native-ordered, so ORT uses the memory as it is instead of copying it. */
    private static ByteBuffer direct(int bytes) {
        return ByteBuffer.allocateDirect(bytes).order(ByteOrder.nativeOrder());
    }

    private static String typeName(TensorInfo tensor) {
        return tensor.onnxType.name().replace("ONNX_TENSOR_ELEMENT_DATA_TYPE_", "");
    }

    @Override
    public void close() {
        for (OnnxTensor t : tensors.values()) {
            t.close();
        }
    }
}
