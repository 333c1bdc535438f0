package io.hwnas.profilers.trace;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Reads the Chrome-trace JSON that ONNX Runtime writes when profiling is enabled: an array of complete events
 * ({@code "ph": "X"}, {@code ts} and {@code dur} in microseconds). Category {@code Session} holds one
 * {@code model_run} per {@code session.run}; category {@code Node} holds one {@code <node>_kernel_time} event per
 * kernel executed, with {@code args.op_name}, {@code args.provider}, the input and output shapes and sizes. Node
 * events are given to the run whose {@code model_run} span contains them.
 */
final class ChromeTrace {

    static final String KERNEL_SUFFIX = "_kernel_time";

    private static final ObjectMapper JSON = new ObjectMapper();

    private ChromeTrace() {}

    record NodeEvent(String name, String opType, String provider, long ts, long durUs, List<List<Long>> inputShapes,
            List<List<Long>> outputShapes, long parameterBytes, long activationBytes, long outputBytes) {}

    /** One {@code session.run}: its {@code model_run} duration and its kernels in execution order. */
    record Run(long ts, long durUs, List<NodeEvent> nodes) {}

    static List<Run> parse(Path file) throws IOException {
        JsonNode root = JSON.readTree(file.toFile());
        if (root == null || !root.isArray()) {
            throw new IOException("not an ONNX Runtime profile (expected a JSON array of events): " + file);
        }
        List<long[]> spans = new ArrayList<>();
        List<NodeEvent> nodes = new ArrayList<>();
        for (JsonNode e : root) {
            String cat = e.path("cat").asText();
            String name = e.path("name").asText();
            if (cat.equals("Session") && name.equals("model_run")) {
                spans.add(new long[] {e.path("ts").asLong(), e.path("dur").asLong()});
            } else if (cat.equals("Node") && name.endsWith(KERNEL_SUFFIX)) {
                JsonNode a = e.path("args");
                nodes.add(new NodeEvent(name.substring(0, name.length() - KERNEL_SUFFIX.length()),
                        a.path("op_name").asText(), a.path("provider").asText(), e.path("ts").asLong(),
                        e.path("dur").asLong(), shapes(a.path("input_type_shape")),
                        shapes(a.path("output_type_shape")), number(a.path("parameter_size")),
                        number(a.path("activation_size")), number(a.path("output_size"))));
            }
        }
        if (spans.isEmpty()) {
            throw new IOException("ONNX Runtime profile has no model_run events: " + file);
        }
        spans.sort(Comparator.comparingLong(s -> s[0]));
        nodes.sort(Comparator.comparingLong(NodeEvent::ts));
        List<Run> runs = new ArrayList<>();
        int k = 0;
        for (long[] s : spans) {
            List<NodeEvent> in = new ArrayList<>();
            while (k < nodes.size() && nodes.get(k).ts() < s[0]) {
                k++; // outside any run (none expected)
            }
            while (k < nodes.size() && nodes.get(k).ts() <= s[0] + s[1]) {
                in.add(nodes.get(k++));
            }
            runs.add(new Run(s[0], s[1], in));
        }
        return runs;
    }

    /** {@code [{"float": [1, 16, 32, 32]}, ...]} to {@code [[1, 16, 32, 32], ...]}. */
    private static List<List<Long>> shapes(JsonNode list) {
        List<List<Long>> out = new ArrayList<>();
        for (JsonNode typed : list) {
            JsonNode dims = typed.elements().hasNext() ? typed.elements().next() : null;
            List<Long> d = new ArrayList<>();
            if (dims != null) {
                dims.forEach(x -> d.add(x.asLong()));
            }
            out.add(d);
        }
        return out;
    }

    /** ORT writes sizes as strings ({@code "65536"}); absent is 0. */
    private static long number(JsonNode n) {
        if (n.isMissingNode() || n.isNull()) {
            return 0;
        }
        return n.isNumber() ? n.asLong() : Long.parseLong(n.asText().isEmpty() ? "0" : n.asText());
    }
}
