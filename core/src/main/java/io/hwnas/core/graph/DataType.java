package io.hwnas.core.graph;

/** Element types the IR knows, with their ONNX {@code TensorProto.DataType} codes. */
public enum DataType {
    FLOAT(1, 4),
    INT64(7, 8);

    private final int onnxCode;
    private final int bytes;

    DataType(int onnxCode, int bytes) {
        this.onnxCode = onnxCode;
        this.bytes = bytes;
    }

    public int onnxCode() {
        return onnxCode;
    }

    /** Size of one element in bytes. */
    public int bytes() {
        return bytes;
    }

    public static DataType fromOnnx(int code) {
        for (DataType t : values()) {
            if (t.onnxCode == code) {
                return t;
            }
        }
        throw new IllegalArgumentException("unsupported ONNX element type " + code + "; supported: FLOAT (1), INT64 (7)");
    }
}
