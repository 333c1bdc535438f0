package io.hwnas.cli;

import io.hwnas.core.measure.Sha256;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The answers hwnas gave before its redesign (issue 15), given again: seeded table-oracle searches (their fronts,
 * every evaluated candidate in order, the hypervolume history), the bytes of exported models of every space, and a
 * predictor's held-out metrics. They were recorded from main at fbd58f2 with
 * {@code mvn -pl cli test -Dtest=GoldensTest -Dhwnas.goldens.record=true}, which rewrites
 * {@code src/test/resources/goldens.json}; a change that alters an answer on purpose records them again and says why
 * in its commit.
 *
 * <p>Nothing here is measured: latency comes from HELP's published table (the copy under {@code data/}) or from a
 * spec sheet's roofline, accuracy from the NAS-Bench-201 table or a scaling law, so the answers are exact on any
 * machine.
 */
class GoldensTest {

    static final Path GOLDENS = Path.of("src/test/resources/goldens.json");
    static final boolean RECORD = Boolean.getBoolean("hwnas.goldens.record");
    static final String LATENCY = Path.of("..", "data", "nas-bench-201", "nb201_latency_sample_devices.csv.gz")
            .toString();

    static final Map<String, JsonNode> recorded = new LinkedHashMap<>();

    @TempDir
    static Path dir;

    /** The cases, by name: the command line ({@code OUT} stands for a fresh output path). */
    static Map<String, List<String>> cases() {
        Map<String, List<String>> c = new LinkedHashMap<>();
        for (int seed = 1; seed <= 3; seed++) {
            c.put("search nb201 two devices seed " + seed, List.of("search", "--space", "nb201", "--accuracy",
                    "nb201:cifar10", "--latency-table", LATENCY, "--arch-column", "arch_str", "--latency-column",
                    "essential_ph_1_ms", "--latency-column", "silver_4114_ms", "--budget",
                    "essential_ph_1_ms:latency_ms<=13", "--evaluations", "300", "--seed", String.valueOf(seed),
                    "--out", "OUT"));
            c.put("search transformer roofline seed " + seed, List.of("search", "--space", "transformer",
                    "--accuracy", "scaling:chinchilla", "--device", "rpi5", "--spec-reference", "none", "--graph",
                    "decode", "--budget", "rpi5:latency_ms<=60", "--budget", "memory_mb<=400", "--evaluations", "300",
                    "--seed", String.valueOf(seed), "--out", "OUT"));
        }
        c.put("search nb201 nsga3 params", List.of("search", "--space", "nb201", "--accuracy", "nb201:cifar100",
                "--latency-table", LATENCY, "--arch-column", "arch_str", "--latency-column", "1080ti_1_ms",
                "--objective", "params", "--algorithm", "nsga3", "--evaluations", "300", "--seed", "1", "--out",
                "OUT"));
        c.put("search nb201 regevo", List.of("search", "--space", "nb201", "--latency-table", LATENCY,
                "--arch-column", "arch_str", "--latency-column", "samsung_a50_ms", "--budget", "latency_ms<=20",
                "--algorithm", "regevo", "--evaluations", "300", "--seed", "2", "--out", "OUT"));
        c.put("search nb201 random 12 epochs", List.of("search", "--space", "nb201", "--accuracy",
                "nb201-12ep:cifar10", "--latency-table", LATENCY, "--arch-column", "arch_str", "--latency-column",
                "2080ti_1_ms", "--algorithm", "random", "--evaluations", "200", "--seed", "3", "--out", "OUT"));
        c.put("search nb201-ee roofline", List.of("search", "--space", "nb201-ee", "--exit-shares", "0.3,0.2,0.5",
                "--device", "rpi5", "--spec-reference", "none", "--no-budget", "--evaluations", "120", "--seed", "1",
                "--out", "OUT"));
        c.put("predictor eval weka", List.of("predictor", "eval", "--space", "nb201", "--table", LATENCY,
                "--arch-column", "arch_str", "--latency-column", "silver_4114_ms", "--train-fraction", "0.05",
                "--seed", "1", "--json"));
        c.put("predictor eval flops folds", List.of("predictor", "eval", "--space", "nb201", "--table", LATENCY,
                "--arch-column", "arch_str", "--latency-column", "essential_ph_1_ms", "--predictor", "flops",
                "--folds", "3", "--seed", "2", "--json"));
        for (String space : List.of("nb201", "mbv3", "nb201-ee", "mbv3-ee", "transformer", "transformer-tiny")) {
            String[] archs = CliTest.run("sample", "--space", space, "--count", "2", "--seed", "1").out().strip()
                    .split("\n");
            for (int i = 0; i < archs.length; i++) {
                c.put("export " + space + " " + i, List.of("export", "--space", space, "--arch", archs[i], "-o", "OUT",
                        "--json"));
            }
            c.put("export " + space + " weights seed 7", List.of("export", "--space", space, "--arch", archs[0],
                    "--weights-seed", "7", "-o", "OUT", "--json"));
        }
        String tf = CliTest.run("sample", "--space", "transformer", "--count", "1", "--seed", "4").out().strip();
        c.put("export transformer decode", List.of("export", "--space", "transformer", "--arch", tf, "--graph",
                "decode", "-o", "OUT", "--json"));
        String ee = CliTest.run("sample", "--space", "nb201-ee", "--count", "1", "--seed", "4").out().strip();
        c.put("export nb201-ee x1", List.of("export", "--space", "nb201-ee", "--arch", ee, "--graph", "x1", "-o",
                "OUT", "--json"));
        String mb = CliTest.run("sample", "--space", "mbv3", "--count", "1", "--seed", "4").out().strip();
        c.put("export mbv3 mnist", List.of("export", "--space", "mbv3", "--arch", mb, "--dataset", "mnist", "-o",
                "OUT", "--json"));
        return c;
    }

    @TestFactory
    Stream<DynamicTest> everyAnswerIsTheOneRecordedBeforeTheRedesign() throws IOException {
        JsonNode goldens = RECORD ? null : Json.MAPPER.readTree(GOLDENS.toFile());
        List<DynamicTest> tests = new ArrayList<>();
        int n = 0;
        for (Map.Entry<String, List<String>> e : cases().entrySet()) {
            Path out = dir.resolve("case-" + n++);
            tests.add(dynamicTest(e.getKey(), () -> {
                JsonNode actual = answer(e.getValue(), out);
                if (RECORD) {
                    ObjectNode o = JsonNodeFactory.instance.objectNode();
                    o.set("args", Json.MAPPER.valueToTree(e.getValue()));
                    o.set("answer", actual);
                    recorded.put(e.getKey(), o);
                    return;
                }
                JsonNode expected = goldens.get(e.getKey());
                assertNotNull(expected, "no golden for '" + e.getKey() + "'; record them again");
                assertEquals(expected.get("args"), Json.MAPPER.valueToTree(e.getValue()), e.getKey() + ": arguments");
                assertEquals(expected.get("answer").toPrettyString(), actual.toPrettyString(), e.getKey());
            }));
        }
        return tests.stream();
    }

    @AfterAll
    static void writeRecorded() throws IOException {
        if (RECORD && !recorded.isEmpty()) {
            ObjectNode root = JsonNodeFactory.instance.objectNode();
            recorded.forEach(root::set);
            Files.createDirectories(GOLDENS.getParent());
            Files.writeString(GOLDENS, root.toPrettyString() + "\n", StandardCharsets.UTF_8);
        }
    }

    /** What a case answers, without what varies from run to run (paths, wall time). */
    static JsonNode answer(List<String> args, Path out) throws Exception {
        List<String> a = args.stream().map(s -> s.equals("OUT") ? out.toString() : s).toList();
        CliTest.Result r = CliTest.run(a.toArray(String[]::new));
        assertEquals(0, r.code(), String.join(" ", a) + ": " + r.err());
        ObjectNode answer = JsonNodeFactory.instance.objectNode();
        switch (args.get(0)) {
            case "search" -> {
                ObjectNode front = (ObjectNode) Json.MAPPER.readTree(out.resolve("front.json").toFile());
                front.remove(List.of("run_dir", "wall_s"));
                // Every byte of front.json by digest; what a reader needs to see a difference, in full.
                answer.put("front_json_sha256", sha256(front.toPrettyString().getBytes(StandardCharsets.UTF_8)));
                for (String rows : List.of("front", "violations")) {
                    ArrayNode brief = JsonNodeFactory.instance.arrayNode();
                    for (JsonNode row : front.path(rows)) {
                        ObjectNode b = brief.addObject();
                        for (String k : List.of("arch", "accuracy", "latency_ms", "feasible")) {
                            b.set(k, row.get(k));
                        }
                    }
                    front.set(rows, brief);
                }
                answer.set("front", front);
                answer.put("candidates_csv_sha256", sha256(Files.readAllBytes(out.resolve("candidates.csv"))));
                ArrayNode hv = answer.putArray("hypervolume_csv");
                for (String line : Files.readAllLines(out.resolve("hypervolume.csv"))) {
                    // The last column is the elapsed wall time.
                    hv.add(line.substring(0, line.lastIndexOf(',')));
                }
            }
            case "export" -> {
                ObjectNode j = (ObjectNode) r.json();
                j.remove("file");
                answer.set("json", j);
                answer.put("file_sha256", sha256(Files.readAllBytes(out)));
            }
            default -> {
                ObjectNode j = (ObjectNode) r.json();
                j.remove(List.of("predict_us", "train_seconds"));
                answer.set("json", j);
            }
        }
        return answer;
    }

    static String sha256(byte[] b) {
        return Sha256.of(b);
    }
}
