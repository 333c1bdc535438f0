package io.hwnas.core.onnx;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hwnas.core.testing.Fixtures;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The reference ONNX checker, {@code shared/tools/onnx-check} (Python's {@code onnx.checker} with full checks and
 * strict shape inference). It is found by walking up from the working directory to a folder that holds
 * {@code shared/tools/onnx-check}, or named by {@code -Dhwnas.onnxCheck=PATH}. Each call starts Python, so check all
 * files in one call.
 */
public final class OnnxChecker {

    /** One file's verdict: one JSON line of the tool's output. */
    public record Verdict(Path file, boolean ok, long params, Map<String, Integer> ops, String error) {}

    private OnnxChecker() {}

    /** The tool: {@code -Dhwnas.onnxCheck=PATH}, or {@code shared/tools/onnx-check} ({@link Fixtures#sharedTool}). */
    public static Optional<Path> locate() {
        String explicit = System.getProperty("hwnas.onnxCheck");
        if (explicit != null) {
            return Optional.of(Path.of(explicit)).filter(Files::isExecutable);
        }
        return Fixtures.sharedTool("onnx-check");
    }

    /** {@link #locate()}, or the calling test skipped with a message that says it needs the reference checker. */
    public static Path assumeLocated() {
        String explicit = System.getProperty("hwnas.onnxCheck");
        if (explicit == null) {
            return Fixtures.assumeSharedTool("onnx-check");
        }
        return locate().orElseThrow(() -> new IllegalStateException(
                "-Dhwnas.onnxCheck=" + explicit + " is not an executable file"));
    }

    /** Checks all files in one run of the tool; the verdicts come back by file. */
    public static Map<Path, Verdict> check(Path tool, List<Path> files) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(tool.toString()));
        files.forEach(f -> cmd.add(f.toString()));
        Path errFile = Files.createTempFile("onnx-check", ".err");
        String err;
        byte[] out;
        Process p = new ProcessBuilder(cmd).redirectError(errFile.toFile()).start();
        try {
            out = p.getInputStream().readAllBytes();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(tool + " did not finish in 120 s");
            }
            err = Files.readString(errFile);
        } finally {
            Files.deleteIfExists(errFile);
        }
        ObjectMapper json = new ObjectMapper();
        Map<Path, Verdict> verdicts = new LinkedHashMap<>();
        for (String line : new String(out, StandardCharsets.UTF_8).split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode n = json.readTree(line);
            Map<String, Integer> ops = new LinkedHashMap<>();
            n.path("ops").properties().forEach(e -> ops.put(e.getKey(), e.getValue().asInt()));
            Path file = Path.of(n.path("file").asText());
            verdicts.put(file, new Verdict(file, n.path("ok").asBoolean(), n.path("params").asLong(-1), ops,
                    n.path("error").asText(null)));
        }
        if (verdicts.size() != files.size()) {
            throw new IOException(tool + " gave " + verdicts.size() + " verdicts for " + files.size()
                    + " files (exit " + p.exitValue() + "): " + err);
        }
        return verdicts;
    }
}
