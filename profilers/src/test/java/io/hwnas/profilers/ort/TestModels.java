package io.hwnas.profilers.ort;

import com.google.protobuf.ByteString;
import io.hwnas.core.onnx.proto.Onnx;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/** Small ONNX models written with the generated protobuf builders, for profiler and store tests. */
public final class TestModels {

    private static final int FLOAT = Onnx.TensorProto.DataType.FLOAT_VALUE;

    private TestModels() {}

    /** X float [N,3,32,32] -> Conv 3x3 (8 filters, pad 1) -> Relu -> GlobalAveragePool -> Y float [N,8,1,1]. */
    public static Path convNet(Path dir, long seed) throws IOException {
        SplittableRandom random = new SplittableRandom(seed);
        Onnx.GraphProto graph = Onnx.GraphProto.newBuilder()
                .setName("conv_net")
                .addInput(value("X", FLOAT, "N", 3, 32, 32))
                .addOutput(value("Y", FLOAT, "N", 8, 1, 1))
                .addInitializer(floats("W", random, 8, 3, 3, 3))
                .addInitializer(floats("B", random, 8))
                .addNode(Onnx.NodeProto.newBuilder().setOpType("Conv").setName("conv")
                        .addInput("X").addInput("W").addInput("B").addOutput("c")
                        .addAttribute(ints("kernel_shape", 3, 3))
                        .addAttribute(ints("pads", 1, 1, 1, 1)))
                .addNode(node("Relu", "c", "r"))
                .addNode(node("GlobalAveragePool", "r", "Y"))
                .build();
        return write(dir.resolve("conv-" + seed + ".onnx"), graph);
    }

    /** ids int [N,5] of {@code elemType} (INT64 or INT32) -> Gather rows of a [2,4] table -> Y float [N,5,4]. */
    public static Path gather(Path dir, int elemType) throws IOException {
        Onnx.GraphProto graph = Onnx.GraphProto.newBuilder()
                .setName("gather")
                .addInput(value("ids", elemType, "N", 5))
                .addOutput(value("Y", FLOAT, "N", 5, 4))
                .addInitializer(floats("table", new SplittableRandom(1), 2, 4))
                .addNode(Onnx.NodeProto.newBuilder().setOpType("Gather")
                        .addInput("table").addInput("ids").addOutput("Y")
                        .addAttribute(Onnx.AttributeProto.newBuilder().setName("axis")
                                .setType(Onnx.AttributeProto.AttributeType.INT).setI(0)))
                .build();
        return write(dir.resolve("gather-" + elemType + ".onnx"), graph);
    }

    /** An input of {@code elemType} [N] passed through Identity, for types the profiler cannot fill. */
    public static Path identity(Path dir, String inputName, int elemType) throws IOException {
        Onnx.GraphProto graph = Onnx.GraphProto.newBuilder()
                .setName("identity")
                .addInput(value(inputName, elemType, "N"))
                .addOutput(value("Y", elemType, "N"))
                .addNode(node("Identity", inputName, "Y"))
                .build();
        return write(dir.resolve("identity-" + elemType + ".onnx"), graph);
    }

    private static Path write(Path file, Onnx.GraphProto graph) throws IOException {
        Onnx.ModelProto model = Onnx.ModelProto.newBuilder()
                .setIrVersion(8)
                .addOpsetImport(Onnx.OperatorSetIdProto.newBuilder().setDomain("").setVersion(17))
                .setProducerName("hwnas-tests")
                .setGraph(graph)
                .build();
        return Files.write(file, model.toByteArray());
    }

    private static Onnx.NodeProto node(String op, String in, String out) {
        return Onnx.NodeProto.newBuilder().setOpType(op).addInput(in).addOutput(out).build();
    }

    private static Onnx.AttributeProto ints(String name, long... values) {
        Onnx.AttributeProto.Builder a = Onnx.AttributeProto.newBuilder().setName(name)
                .setType(Onnx.AttributeProto.AttributeType.INTS);
        for (long v : values) {
            a.addInts(v);
        }
        return a.build();
    }

    /** Dimensions: a String is symbolic (dim_param), an Integer fixed (dim_value). */
    private static Onnx.ValueInfoProto value(String name, int elemType, Object... dims) {
        Onnx.TensorShapeProto.Builder shape = Onnx.TensorShapeProto.newBuilder();
        for (Object d : dims) {
            Onnx.TensorShapeProto.Dimension.Builder dim = Onnx.TensorShapeProto.Dimension.newBuilder();
            if (d instanceof String) {
                dim.setDimParam((String) d);
            } else {
                dim.setDimValue((Integer) d);
            }
            shape.addDim(dim);
        }
        return Onnx.ValueInfoProto.newBuilder().setName(name)
                .setType(Onnx.TypeProto.newBuilder().setTensorType(
                        Onnx.TypeProto.Tensor.newBuilder().setElemType(elemType).setShape(shape)))
                .build();
    }

    /** A float32 initializer of small random values, stored as little-endian raw_data. */
    private static Onnx.TensorProto floats(String name, SplittableRandom random, long... dims) {
        long n = 1;
        for (long d : dims) {
            n *= d;
        }
        ByteBuffer raw = ByteBuffer.allocate((int) n * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < n; i++) {
            raw.putFloat((float) (random.nextDouble() - 0.5) * 0.2f);
        }
        Onnx.TensorProto.Builder t = Onnx.TensorProto.newBuilder().setName(name).setDataType(FLOAT)
                .setRawData(ByteString.copyFrom(raw.array()));
        for (long d : dims) {
            t.addDims(d);
        }
        return t.build();
    }
}
