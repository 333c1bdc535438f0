package io.hwnas.profilers.ort;

import ai.onnxruntime.OrtException;
import io.hwnas.core.measure.MeasuringException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Measuring a model failed because of the environment: the file, the runtime or the device. The message names
 * the model path and the device; when ONNX Runtime failed, its error code is kept.
 *
 * <p>Example message: {@code not an ONNX model: /tmp/x.onnx (device cpu; ORT_INVALID_PROTOBUF: Protobuf parsing
 * failed.)}
 */
public class ProfilingException extends MeasuringException {

    private static final long serialVersionUID = 1L;

    private final Path model;
    private final OrtException.OrtErrorCode ortErrorCode;

    /**
     * @param problem what went wrong, naming the model path, e.g. {@code "not an ONNX model: /tmp/x.onnx"}
     * @param cause   the underlying failure, or null; an {@link OrtException} anywhere in its chain lends its code
     */
    public ProfilingException(String problem, Path model, String deviceId, Throwable cause) {
        super(message(problem, deviceId, ortCause(cause)), deviceId, cause);
        this.model = Objects.requireNonNull(model, "model");
        OrtException ort = ortCause(cause);
        this.ortErrorCode = ort == null ? null : ort.getCode();
    }

    public Path model() {
        return model;
    }

    /** ONNX Runtime's error code, when the runtime caused this. */
    public Optional<OrtException.OrtErrorCode> ortErrorCode() {
        return Optional.ofNullable(ortErrorCode);
    }

    private static OrtException ortCause(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof OrtException) {
                return (OrtException) t;
            }
        }
        return null;
    }

    private static String message(String problem, String deviceId, OrtException ort) {
        StringBuilder b = new StringBuilder(problem).append(" (device ").append(deviceId);
        if (ort != null) {
            b.append("; ").append(ort.getCode()).append(": ").append(ortText(ort));
        }
        return b.append(')').toString();
    }

    /** ORT's own message without its "Error code - X - message: " prefix, which the code already says. */
    static String ortText(OrtException ort) {
        String text = String.valueOf(ort.getMessage()).strip();
        int at = text.indexOf("message: ");
        if (text.startsWith("Error code") && at >= 0) {
            text = text.substring(at + "message: ".length());
        }
        return text;
    }
}
