package io.hwnas.devices.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hwnas.core.io.OneLine;
import io.hwnas.core.measure.DeviceSettings;
import io.hwnas.core.measure.ExecutionMode;
import io.hwnas.core.measure.OptimizationLevel;
import io.hwnas.core.search.Budget;
import io.hwnas.devices.cuda.Cuda;
import io.hwnas.devices.spec.DeviceSpec;
import io.hwnas.devices.spi.AdbTarget;
import io.hwnas.devices.spi.DeviceKind;
import io.hwnas.devices.spi.DeviceProfile;
import io.hwnas.devices.spi.MeasuringMethod;
import io.hwnas.devices.spi.RemoteTarget;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Device profiles as JSON files: what users write to add their own device without touching hwnas. A bad file fails
 * naming the file and the JSON pointer of the field: {@code devices/pi4.json /threads: must be >= 1, was 0}.
 *
 * <pre>{@code
 * {
 *   "id": "pi5",                         // [a-z0-9][a-z0-9._:-]*
 *   "name": "Raspberry Pi 5 through the hwnas agent",
 *   "kind": "cpu",                       // cpu | gpu | npu
 *   "method": "remote",                  // local | remote | adb | spec
 *   "executionProvider": "cpu",          // local: cpu | cuda
 *   "providerOptions": {"device_id": "0"},
 *   "threads": 4,
 *   "optimizationLevel": "all",          // none | basic | extended | layout | all
 *   "memoryLimitMiB": 2048,
 *   "remote": {"url": "http://127.0.0.1:8123", "tokenFile": "pi5.token"},   // relative to the profile's folder
 *   "adb": {"serial": "R58M123ABC", "agentPort": 8123, "tokenFile": "a50.token"},   // the agent on the phone
 *   "spec": {"peakGflops": 153.6, "memoryBandwidthGBs": 17.1, "memoryMiB": 8192, "source": "..."},
 *   "budgets": ["latency_ms<=50"],
 *   "tags": ["edge", "arm"]
 * }
 * }</pre>
 */
public final class DeviceProfiles {

    /** A key given twice is refused, not read as its last value: a file that says two things is not a profile. */
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(SerializationFeature.INDENT_OUTPUT).build();
    private static final Set<String> FIELDS = Set.of("id", "name", "kind", "method", "executionProvider",
            "providerOptions", "threads", "optimizationLevel", "memoryLimitMiB", "remote", "adb", "spec", "budgets",
            "tags");

    /** The longest id: ids are typed on command lines and stored beside every measurement. */
    public static final int MAX_ID = 64;

    private DeviceProfiles() {}

    /** Reads and checks one profile file; a path that is not a file is a caller's mistake, naming it. */
    public static ConfiguredProfile read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(file + ": " + (Files.exists(file) ? "not a file" : "no such file"));
        }
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString(), file.toAbsolutePath().getParent());
        }
    }

    /**
     * Reads and checks one profile.
     *
     * @param source  what to call it in messages
     * @param baseDir the folder relative paths (a token file) are resolved against
     */
    public static ConfiguredProfile read(InputStream in, String source, Path baseDir) throws IOException {
        JsonNode root;
        // Decoded here as UTF-8, strictly: from bytes Jackson would guess an encoding (UTF-16, UTF-32) and fail in
        // ways that name neither the file nor JSON.
        java.io.Reader text = new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT));
        try (JsonParser p = JSON.createParser(text)) {
            root = JSON.readTree(p);
            if (root != null && p.nextToken() != null) {
                var loc = p.currentTokenLocation();
                throw new IllegalArgumentException(source + " line " + loc.getLineNr() + " column "
                        + loc.getColumnNr() + ": more after the profile's JSON object; a file holds one profile");
            }
        } catch (JsonProcessingException e) {
            var loc = e.getLocation();
            throw new IllegalArgumentException(source + (loc == null ? "" : " line " + loc.getLineNr() + " column "
                    + loc.getColumnNr()) + ": not valid JSON: " + e.getOriginalMessage());
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException(source + ": not UTF-8 text");
        }
        return new Reader(source, baseDir).profile(root);
    }

    /** Every {@code *.json} profile in {@code dir}, sorted by file name; an absent folder has none. */
    public static List<ConfiguredProfile> readDir(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList();
        }
        List<ConfiguredProfile> out = new ArrayList<>();
        for (Path f : files) {
            out.add(read(f));
        }
        return out;
    }

    /** A profile as JSON in the file format (the token itself is never in it; only where it is kept). */
    public static String toJson(DeviceProfile p) {
        ObjectNode o = JSON.createObjectNode();
        o.put("id", p.id());
        o.put("name", p.name());
        o.put("kind", p.kind().name().toLowerCase(Locale.ROOT));
        o.put("method", p.method().key());
        DeviceSettings s = p.settings();
        if (p.method() == MeasuringMethod.LOCAL) {
            o.put("executionProvider", Cuda.PROVIDER.equals(s.executionProvider()) ? "cuda" : "cpu");
        }
        if (!p.providerOptions().isEmpty()) {
            o.set("providerOptions", JSON.valueToTree(p.providerOptions()));
        }
        o.put("threads", s.intraOpThreads());
        o.put("optimizationLevel", s.optimizationLevel().name().toLowerCase(Locale.ROOT));
        p.memoryLimitMiB().ifPresent(m -> o.put("memoryLimitMiB", m));
        p.remote().ifPresent(r -> o.putObject("remote").put("url", r.url().toString())
                .put("tokenFile", r.tokenFile().toString()));
        p.adb().ifPresent(a -> o.putObject("adb").put("serial", a.serial()).put("agentPort", a.agentPort())
                .put("tokenFile", a.tokenFile().toString()));
        p.spec().ifPresent(sp -> {
            ObjectNode n = o.putObject("spec");
            n.put("peakGflops", sp.peakGflops());
            n.put("memoryBandwidthGBs", sp.memoryBandwidthGBs());
            if (sp.memoryMiB() > 0) {
                n.put("memoryMiB", sp.memoryMiB());
            }
            n.put("source", sp.source());
        });
        if (!p.defaultBudgets().isEmpty()) {
            o.set("budgets", JSON.valueToTree(p.defaultBudgets()));
        }
        if (!p.tags().isEmpty()) {
            o.set("tags", JSON.valueToTree(p.tags()));
        }
        try {
            return JSON.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Walks one document, naming the file and the pointer of whatever is wrong. */
    private record Reader(String source, Path baseDir) {

        private IllegalArgumentException bad(String pointer, String what) {
            return new IllegalArgumentException(source + " " + pointer + ": " + what);
        }

        private void onlyKnown(JsonNode node, String pointer, Set<String> known) {
            for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                String f = it.next();
                if (!known.contains(f)) {
                    throw bad(pointer + "/" + OneLine.of(f, OneLine.QUOTED), "unknown field; known: "
                            + known.stream().sorted().toList());
                }
            }
        }

        private Optional<String> text(JsonNode node, String pointer) {
            JsonNode v = node.at(pointer);
            if (v.isMissingNode() || v.isNull()) {
                return Optional.empty();
            }
            if (!v.isTextual()) {
                throw bad(pointer, "must be a string, was " + shown(v));
            }
            return Optional.of(plain(v.asText(), pointer));
        }

        /** A string a profile may hold: not blank, no control characters (a name is printed, a path opened). */
        private String plain(String s, String pointer) {
            if (s.isBlank()) {
                throw bad(pointer, "must not be empty");
            }
            if (s.chars().anyMatch(Character::isISOControl)) {
                throw bad(pointer, "must not contain control characters, was '" + OneLine.of(s, OneLine.QUOTED) + "'");
            }
            return s;
        }

        /** A value as a message shows it, cut. */
        private static String shown(JsonNode v) {
            return OneLine.of(v.toString(), OneLine.QUOTED);
        }

        /** A whole number from {@code min} to 2^31 - 1 (so that it fits an int), or none when absent. */
        private OptionalLong integer(JsonNode node, String pointer, long min) {
            return integer(node, pointer, min, Integer.MAX_VALUE);
        }

        /** A whole number from {@code min} to {@code max}, or none when absent. */
        private OptionalLong integer(JsonNode node, String pointer, long min, long max) {
            JsonNode v = node.at(pointer);
            if (v.isMissingNode() || v.isNull()) {
                return OptionalLong.empty();
            }
            if (!v.isIntegralNumber()) {
                throw bad(pointer, "must be a whole number, was " + shown(v));
            }
            boolean fits = v.canConvertToLong();
            if (fits ? v.asLong() < min : v.bigIntegerValue().signum() < 0) {
                throw bad(pointer, "must be >= " + min + ", was " + shown(v));
            }
            if (!fits || v.asLong() > max) {
                throw bad(pointer, "must be <= " + max + ", was " + shown(v));
            }
            return OptionalLong.of(v.asLong());
        }

        private double positive(JsonNode node, String pointer) {
            JsonNode v = node.at(pointer);
            if (v.isMissingNode() || v.isNull()) {
                throw bad(pointer, "is required");
            }
            if (!v.isNumber() || !(v.asDouble() > 0) || !Double.isFinite(v.asDouble())) {
                throw bad(pointer, "must be a number > 0, was " + shown(v));
            }
            return v.asDouble();
        }

        private <E extends Enum<E>> E choice(String value, String pointer, Class<E> type) {
            for (E e : type.getEnumConstants()) {
                if (e.name().toLowerCase(Locale.ROOT).equals(value)) {
                    return e;
                }
            }
            throw bad(pointer, "unknown value '" + OneLine.of(value, OneLine.QUOTED) + "'; known: "
                    + java.util.Arrays.stream(type.getEnumConstants()).map(e -> e.name().toLowerCase(Locale.ROOT))
                            .toList());
        }

        private List<String> strings(JsonNode node, String pointer) {
            JsonNode v = node.at(pointer);
            if (v.isMissingNode() || v.isNull()) {
                return List.of();
            }
            if (!v.isArray()) {
                throw bad(pointer, "must be a list of strings, was " + shown(v));
            }
            List<String> out = new ArrayList<>();
            for (int i = 0; i < v.size(); i++) {
                if (!v.get(i).isTextual()) {
                    throw bad(pointer + "/" + i, "must be a string, was " + shown(v.get(i)));
                }
                out.add(plain(v.get(i).asText(), pointer + "/" + i));
            }
            return out;
        }

        ConfiguredProfile profile(JsonNode root) {
            if (root == null || !root.isObject()) {
                throw bad("", "a device profile must be a JSON object");
            }
            onlyKnown(root, "", FIELDS);
            // The fields are read in the order of the document's schema, so the first mistake reported stays
            // the same one whichever way the profile is wrong.
            String id = id(root);
            String name = text(root, "/name").orElse(id);
            MeasuringMethod method = text(root, "/method").map(m -> choice(m, "/method", MeasuringMethod.class))
                    .orElse(MeasuringMethod.LOCAL);
            DeviceKind kind = kind(root);
            String provider = executionProvider(root, method);
            Map<String, String> options = providerOptions(root);
            int threads = (int) integer(root, "/threads", 1, DeviceSettings.MAX_THREADS).orElse(1);
            OptimizationLevel level = choice(text(root, "/optimizationLevel").orElse("all"), "/optimizationLevel",
                    OptimizationLevel.class);
            OptionalLong memory = integer(root, "/memoryLimitMiB", 1, Long.MAX_VALUE);
            Optional<RemoteTarget> remote = remote(root, method);
            Optional<AdbTarget> adb = adb(root, method);
            Optional<DeviceSpec> spec = spec(root, method);
            List<String> budgets = budgets(root);
            DeviceSettings settings = new DeviceSettings(threads, 1, level, ExecutionMode.SEQUENTIAL, provider);
            return new ConfiguredProfile(id, name, kind, method, settings, options, memory, remote, adb, spec,
                    budgets, strings(root, "/tags"), source);
        }

        private String id(JsonNode root) {
            String id = text(root, "/id").orElseThrow(() -> bad("/id", "is required"));
            if (!DeviceProfile.ID.matcher(id).matches()) {
                throw bad("/id", "must match " + DeviceProfile.ID.pattern() + ", was '"
                        + OneLine.of(id, OneLine.QUOTED) + "'");
            }
            if (id.length() > MAX_ID) {
                throw bad("/id", "must be at most " + MAX_ID + " characters, was " + id.length());
            }
            return id;
        }

        private DeviceKind kind(JsonNode root) {
            DeviceKind kind = choice(text(root, "/kind").orElse("cpu"), "/kind", DeviceKind.class);
            if (kind == DeviceKind.REMOTE) {
                throw bad("/kind", "is what the hardware is (cpu, gpu, npu); a remote device says method: remote");
            }
            return kind;
        }

        /** ONNX Runtime's name of the execution provider the profile asks for; the CPU one when it names none. */
        private String executionProvider(JsonNode root, MeasuringMethod method) {
            Optional<String> ep = text(root, "/executionProvider");
            if (ep.isEmpty()) {
                return DeviceSettings.CPU_PROVIDER;
            }
            if (method != MeasuringMethod.LOCAL) {
                throw bad("/executionProvider", "is read only with method local; this profile's method is "
                        + method.key());
            }
            return switch (ep.get()) {
                case "cpu" -> DeviceSettings.CPU_PROVIDER;
                case "cuda" -> Cuda.PROVIDER;
                default -> throw bad("/executionProvider", "unknown value '" + ep.get() + "'; known: [cpu, cuda]");
            };
        }

        /** The provider's options as strings, in the document's order (numbers are written as their text). */
        private Map<String, String> providerOptions(JsonNode root) {
            Map<String, String> options = new LinkedHashMap<>();
            JsonNode po = root.at("/providerOptions");
            if (po.isMissingNode() || po.isNull()) {
                return options;
            }
            if (!po.isObject()) {
                throw bad("/providerOptions", "must be an object of strings, was " + shown(po));
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = po.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String at = "/providerOptions/" + OneLine.of(e.getKey(), OneLine.QUOTED);
                if (!e.getValue().isValueNode() || e.getValue().isNull()) {
                    throw bad(at, "must be a string or number, was " + shown(e.getValue()));
                }
                plain(e.getKey(), at);
                options.put(e.getKey(), e.getValue().isTextual() ? plain(e.getValue().asText(), at)
                        : e.getValue().asText());
            }
            return options;
        }

        private Optional<RemoteTarget> remote(JsonNode root, MeasuringMethod method) {
            JsonNode r = root.at("/remote");
            if (r.isMissingNode() || r.isNull()) {
                if (method == MeasuringMethod.REMOTE) {
                    throw bad("/remote", "is required for method remote ({\"url\": ..., \"tokenFile\": ...})");
                }
                return Optional.empty();
            }
            if (method != MeasuringMethod.REMOTE) {
                throw bad("/remote", "is read only with method remote; this profile's method is " + method.key());
            }
            onlyKnown(r, "/remote", Set.of("url", "tokenFile"));
            String url = text(root, "/remote/url").orElseThrow(() -> bad("/remote/url", "is required"));
            String token = text(root, "/remote/tokenFile").orElseThrow(() -> bad("/remote/tokenFile",
                    "is required (the bearer token is kept in a file, never in the profile)"));
            try {
                return Optional.of(new RemoteTarget(new URI(url), resolve(token)));
            } catch (URISyntaxException e) {
                throw bad("/remote/url", "not a URL: '" + OneLine.of(url, OneLine.QUOTED) + "'");
            } catch (IllegalArgumentException e) {
                throw bad("/remote/url", e.getMessage());
            }
        }

        private Optional<AdbTarget> adb(JsonNode root, MeasuringMethod method) {
            JsonNode a = root.at("/adb");
            if (a.isMissingNode() || a.isNull()) {
                if (method == MeasuringMethod.ADB) {
                    throw bad("/adb", "is required for method adb ({\"serial\": ..., \"tokenFile\": ...})");
                }
                return Optional.empty();
            }
            if (method != MeasuringMethod.ADB) {
                throw bad("/adb", "is read only with method adb; this profile's method is " + method.key());
            }
            onlyKnown(a, "/adb", Set.of("serial", "agentPort", "tokenFile"));
            String serial = text(root, "/adb/serial").orElseThrow(() -> bad("/adb/serial", "is required"));
            long port = integer(root, "/adb/agentPort", 1, 65535).orElse(8123);
            String token = text(root, "/adb/tokenFile").orElseThrow(() -> bad("/adb/tokenFile",
                    "is required (the token of the hwnas agent running on the device)"));
            try {
                return Optional.of(new AdbTarget(serial, (int) port, resolve(token)));
            } catch (IllegalArgumentException e) {
                throw bad("/adb/serial", e.getMessage());
            }
        }

        private Optional<DeviceSpec> spec(JsonNode root, MeasuringMethod method) {
            JsonNode sp = root.at("/spec");
            if (sp.isMissingNode() || sp.isNull()) {
                if (method == MeasuringMethod.SPEC) {
                    throw bad("/spec", "is required for method spec");
                }
                return Optional.empty();
            }
            onlyKnown(sp, "/spec", Set.of("peakGflops", "memoryBandwidthGBs", "memoryMiB", "source"));
            return Optional.of(new DeviceSpec(positive(root, "/spec/peakGflops"),
                    positive(root, "/spec/memoryBandwidthGBs"),
                    integer(root, "/spec/memoryMiB", 0, Long.MAX_VALUE).orElse(0),
                    text(root, "/spec/source").orElseThrow(() -> bad("/spec/source",
                            "is required: say where the figures come from"))));
        }

        /** The default budgets, each checked to parse so that a typo fails when the profile loads. */
        private List<String> budgets(JsonNode root) {
            List<String> budgets = strings(root, "/budgets");
            for (int i = 0; i < budgets.size(); i++) {
                try {
                    Budget.parse(budgets.get(i));
                } catch (IllegalArgumentException e) {
                    throw bad("/budgets/" + i, e.getMessage());
                }
            }
            return budgets;
        }

        private Path resolve(String file) {
            String f = file.startsWith("~/") ? System.getProperty("user.home") + file.substring(1) : file;
            Path p = Path.of(f);
            return p.isAbsolute() || baseDir == null ? p : baseDir.resolve(p).normalize();
        }
    }
}
