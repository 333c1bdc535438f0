package io.hwnas.core.search;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hwnas.core.io.OneLine;
import io.hwnas.core.search.config.SearchConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A run's {@code manifest.json}: what was searched and how (the effective configuration, the user's configuration,
 * what the environment must keep on resume), when, with which versions, where the candidates' work ran, the oracles
 * and devices, the objectives and constraints. Written and read with Jackson ({@link #write}, {@link #read}).
 *
 * @param search      the user's configuration, when the search was configured from one (a command line); null for
 *                    searches set up in code, and in manifests of hwnas before format 2
 * @param environment facts a resume must find unchanged (the ONNX Runtime that measured)
 * @param commands    how the tool that ran the search exports an architecture and resumes the run
 *                    ({@link SearchSetup#commands()}); empty for searches set up in code and before format 2
 * @param input       the networks' input when they are built for a dataset or are another of the space's graphs;
 *                    null for the space's default
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RunManifest(String format, String created, List<String> resumed, EffectiveConfig config,
        SearchConfig search, Map<String, String> environment, Map<String, String> commands, long seed,
        Versions versions, Executor executor,
        Oracle accuracyOracle, List<Device> devices, Input input, List<Objective> objectives,
        List<String> constraints) {

    public static final String FORMAT = "hwnas-search/2";
    static final String FORMAT_1 = "hwnas-search/1";
    /** Far above a real manifest's few kilobytes. */
    static final long MAX_BYTES = 16L << 20;
    private static final ObjectMapper JSON = SearchConfig.MAPPER.copy().enable(SerializationFeature.INDENT_OUTPUT);

    public RunManifest {
        resumed = listOf("resumed", resumed);
        environment = environment == null ? Map.of() : java.util.Collections.unmodifiableMap(
                new LinkedHashMap<>(environment));
        commands = commands == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(commands));
        devices = listOf("devices", devices);
        objectives = listOf("objectives", objectives);
        constraints = listOf("constraints", constraints);
    }

    /** A list read from a file may hold a null entry ({@code [null]}): named here, not a bare NullPointerException. */
    private static <T> List<T> listOf(String field, List<T> values) {
        if (values == null) {
            return List.of();
        }
        for (int i = 0; i < values.size(); i++) { // not indexOf(null): List.of's throws
            if (values.get(i) == null) {
                throw new IllegalArgumentException("/" + field + "/" + i + " is null");
            }
        }
        return List.copyOf(values);
    }

    /**
     * The parameters a resume must match, as the search derives them from its setup.
     *
     * @param regevoSample         only for {@code regevo}
     * @param measurePerGeneration only when a device measures
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record EffectiveConfig(String space, String accuracy, List<String> latency, List<String> objectives,
            List<String> budgets, String algorithm, int evaluations, int population, Integer regevoSample,
            double mutationRate, double crossoverRate, long seed, Integer measurePerGeneration) {}

    public record Versions(String hwnas, String moeaFramework, String java, String os, String host) {}

    /** Where the candidates' work ran this time (not compared on resume: it changes no result). */
    public record Executor(String name, String description, int parallelism) {}

    public record Oracle(String name, String source) {}

    /** A latency device: its id, how its latency was known ({@code table|loop|measured|predicted|spec}), whence. */
    public record Device(String device, LatencyKind kind, String source, Map<String, Object> details) {}

    public record Input(String label, int channels, int size, int classes, String graph) {}

    public record Objective(String name, String sense) {}

    /** The ONNX Runtime that measured, when one did. */
    public String onnxRuntime() {
        return environment.get("onnxruntime");
    }

    /** What a checkpoint records and a resume compares: the effective configuration, then the user's, then the environment. */
    public static String resumeKey(EffectiveConfig config, SearchConfig search, Map<String, String> environment) {
        ObjectNode o = (ObjectNode) JSON.valueToTree(config);
        if (search != null) {
            o.set("search", search.toJson());
        }
        environment.forEach(o::put);
        return o.toString();
    }

    void write(Path file) throws IOException {
        RunFiles.write(file, (ObjectNode) JSON.valueToTree(this));
    }

    /**
     * Reads a manifest of this format or of format 1 (whose configuration mixed the parameters with the command
     * line's options, and kept the ONNX Runtime version among them).
     *
     * @throws IllegalArgumentException when the file is not an hwnas search's manifest
     */
    public static RunManifest read(Path file) throws IOException {
        long size = java.nio.file.Files.size(file);
        if (size > MAX_BYTES) {
            throw new RunFileException(file, "too large for a manifest (" + size + " bytes; at most " + MAX_BYTES
                    + ")");
        }
        String text;
        try {
            // Read as the UTF-8 it is written in: Jackson's own guess at an encoding fails outside its exceptions.
            text = java.nio.charset.StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                    .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(java.nio.file.Files.readAllBytes(file))).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new RunFileException(file, "not a readable manifest: not UTF-8 text", e);
        }
        try {
            JsonNode n = JSON.readTree(text);
            String format = n == null ? "" : n.path("format").asText();
            if (!format.startsWith("hwnas-search/")) {
                throw new RunFileException(file, "not the manifest of an hwnas search (format "
                        + RunFileException.quote(format) + ")");
            }
            if (format.equals(FORMAT_1) && n.path("config").has("onnxruntime")) {
                ((ObjectNode) n).putObject("environment").put("onnxruntime",
                        n.path("config").path("onnxruntime").asText());
            }
            return JSON.treeToValue(n, RunManifest.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new RunFileException(file, "not a readable manifest: " + describe(e), e);
        }
    }

    /** Jackson's complaint in one short line: where, then what. */
    private static String describe(com.fasterxml.jackson.core.JsonProcessingException e) {
        StringBuilder b = new StringBuilder();
        if (e instanceof com.fasterxml.jackson.databind.JsonMappingException m && !m.getPath().isEmpty()) {
            for (com.fasterxml.jackson.databind.JsonMappingException.Reference r : m.getPath()) {
                b.append('/').append(r.getFieldName() != null ? r.getFieldName() : String.valueOf(r.getIndex()));
            }
            b.append(": ");
        } else if (e.getLocation() != null && e.getLocation().getLineNr() > 0) { // a tree read has no location
            b.append("line ").append(e.getLocation().getLineNr()).append(", column ")
                    .append(e.getLocation().getColumnNr()).append(": ");
        }
        b.append(String.valueOf(e.getOriginalMessage()).replaceAll("\\s+", " "));
        return OneLine.of(b.toString(), 200);
    }
}
