package io.hwnas.core.search;

import io.hwnas.core.space.BoundSpace;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hwnas.core.io.AtomicFiles;
import io.hwnas.core.table.Csv;
import io.hwnas.core.provenance.Provenance;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * The run directory's files. {@code manifest.json}: configuration, seed, versions, devices and oracles.
 * {@code candidates.csv}: every evaluated candidate (written at the end; during the run the checkpoint's candidate
 * log holds them). {@code hypervolume.csv}: one row per generation, rewritten each generation.
 * {@code front.json} and {@code front.csv}: the answer. Each is written whole and moved into place.
 */
public final class RunFiles {

    public static final String MANIFEST = "manifest.json";
    public static final String FRONT_JSON = "front.json";
    public static final String FRONT_CSV = "front.csv";
    public static final String CANDIDATES_CSV = "candidates.csv";
    public static final String HYPERVOLUME_CSV = "hypervolume.csv";
    /** The command templates of {@link SearchSetup#commands()}. */
    public static final String EXPORT = "export";
    public static final String RESUME = "resume";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private RunFiles() {}

    /** Writes (or, on resume, rewrites) the manifest; what it wrote. */
    static RunManifest writeManifest(Path dir, SearchSetup setup, RunManifest.EffectiveConfig config,
            boolean resumed) throws IOException {
        Path file = dir.resolve(MANIFEST);
        RunManifest old = Files.isRegularFile(file) ? RunManifest.read(file) : null;
        List<String> resumes = new ArrayList<>(old == null ? List.of() : old.resumed());
        if (resumed) {
            resumes.add(Instant.now().toString());
        }
        Provenance p = Provenance.current();
        RunManifest.Versions versions = new RunManifest.Versions(p.toolVersion(), moeaVersion(), p.javaVersion(),
                p.osName() + " " + p.osArch(), p.host());
        RunManifest.Executor executor = new RunManifest.Executor(setup.executor().name(),
                setup.executor().description(), setup.executor().parallelism());
        List<RunManifest.Device> devices = setup.latency().stream().map(o -> new RunManifest.Device(o.device(),
                o.kind(), o.source(), o.describe())).toList();
        // The networks are built for a task's input (a dataset trained on) or are another of the space's graphs (a
        // language model's decode step), not the space's default.
        RunManifest.Input input = setup.space() instanceof BoundSpace b ? new RunManifest.Input(b.label(),
                b.options().inputChannels(), b.options().inputSize(), b.options().classes(), b.graph()) : null;
        List<RunManifest.Objective> objectives = setup.objectives().stream().map(o -> new RunManifest.Objective(
                o.key(), o.metric().maximised() ? "maximise" : "minimise")).toList();
        RunManifest m = new RunManifest(RunManifest.FORMAT, old != null && old.created() != null ? old.created()
                : Instant.now().toString(), resumes, config, setup.config(), setup.environment(), setup.commands(),
                setup.seed(), versions, executor, new RunManifest.Oracle(setup.accuracy().name(),
                        setup.accuracy().source()), devices, input, objectives,
                setup.constraints().stream().map(Constraint::key).toList());
        m.write(file);
        return m;
    }

    private static String moeaVersion() {
        try (InputStream in = RunFiles.class.getResourceAsStream(
                "/META-INF/maven/org.moeaframework/moeaframework/pom.properties")) {
            if (in != null) {
                Properties p = new Properties();
                p.load(in);
                return p.getProperty("version", "unknown");
            }
        } catch (IOException e) {
            // fall through
        }
        return "unknown";
    }

    /** The hypervolume history, rewritten each generation (it is small). */
    static void writeHistory(Path dir, List<GenerationStats> history) throws IOException {
        writeHistoryFile(dir.resolve(HYPERVOLUME_CSV), history);
    }

    static void writeAll(SearchResult r) throws IOException {
        SearchSetup s = r.setup();
        writeCandidates(r.dir().resolve(CANDIDATES_CSV), s, r.candidates(), s.constraints());
        writeHistory(r.dir(), r.history());
        write(r.dir().resolve(FRONT_JSON), frontJson(r));
        List<Candidate> rows = new ArrayList<>(r.front());
        writeCandidates(r.dir().resolve(FRONT_CSV), s, rows, s.constraints());
    }

    /** The answer as one JSON object: summary, then {@code front} (and {@code violations}, {@code closest}). */
    public static ObjectNode frontJson(SearchResult r) {
        SearchSetup s = r.setup();
        ObjectNode o = JSON.createObjectNode();
        o.put("run_dir", r.dir().toAbsolutePath().toString());
        o.put("space", s.space().name());
        o.put("algorithm", s.algorithm().key());
        o.put("seed", s.seed());
        o.put("accuracy_oracle", s.accuracy().name());
        ArrayNode devs = o.putArray("devices");
        s.latency().forEach(l -> devs.add(l.device()));
        ArrayNode budgets = o.putArray("budgets");
        s.constraints().forEach(c -> budgets.add(c.key()));
        GenerationStats last = r.history().isEmpty() ? null : r.last();
        o.put("evaluations", r.candidates().size());
        o.put("generations", last == null ? 0 : last.generation());
        o.put("wall_s", last == null ? 0 : last.elapsedMs() / 1000.0);
        o.put("hypervolume", last == null ? 0 : last.hypervolume());
        ObjectNode ref = o.putObject("hypervolume_reference");
        List<SearchObjective> objs = s.objectives();
        for (int i = 0; i < objs.size(); i++) {
            ref.putArray(objs.get(i).key()).add(r.ideal()[i]).add(r.nadir()[i]);
        }
        o.put("feasible", r.feasible());
        o.put("measured", r.candidates().stream().filter(c -> measuredAnywhere(s, c)).count());
        if (Double.isNaN(r.violationRate())) {
            o.putNull("violation_rate");
        } else {
            o.put("violation_rate", r.violationRate());
        }
        o.put("predicted_feasible_measured", r.predictedFeasibleMeasured());
        ArrayNode front = o.putArray("front");
        for (Candidate c : r.front()) {
            ObjectNode row = row(s, c);
            Double test = r.heldOut().get(c.arch());
            if (test != null) {
                row.put("test_accuracy", test);
            }
            Double low = r.lowFidelity().get(c.arch());
            if (low != null) {
                row.put("accuracy_low_fidelity", low);
            }
            front.add(row);
        }
        if (!r.feasible()) {
            ArrayNode closest = o.putArray("closest");
            for (Candidate c : r.front()) {
                closest.add(row(s, c));
            }
        }
        ArrayNode viol = o.putArray("violations");
        for (Candidate c : r.violations()) {
            viol.add(row(s, c));
        }
        o.put("promoted", r.lowFidelity().size());
        ArrayNode failed = o.putArray("failed");
        r.failed().forEach((arch, reason) -> failed.addObject().put("arch", arch).put("reason", reason));
        return o;
    }

    private static boolean measuredAnywhere(SearchSetup s, Candidate c) {
        for (LatencyOracle l : s.latency()) {
            if (l instanceof MeasuringOracle && c.latency(l.device()).isMeasured()) {
                return true;
            }
        }
        return false;
    }

    /** One candidate as a JSON row: the first device's latency at the top level, every device under latency. */
    public static ObjectNode row(SearchSetup s, Candidate c) {
        List<RunData.Device> devices = s.latency().stream()
                .map(l -> new RunData.Device(l.device(), l.kind(), l.source())).toList();
        return row(devices, s.constraints(), c, s.commands().get(EXPORT));
    }

    /**
     * One candidate as a JSON row: the first device's latency at the top level, every device under {@code latency},
     * the graph metrics computed, feasibility by the best-known values and by the predictions, and the command that
     * exports it.
     *
     * @param exportTemplate how the user's tool exports an architecture ({@code {arch}} standing for it), or null
     */
    public static ObjectNode row(List<RunData.Device> devices, List<Constraint> constraints, Candidate c,
            String exportTemplate) {
        ObjectNode n = JSON.createObjectNode();
        n.put("arch", c.arch());
        n.put("accuracy", c.accuracy());
        String first = devices.get(0).id();
        LatencyEstimate e = c.latency(first);
        n.put("latency_ms", e.bestMs());
        number(n, "latency_measured_ms", e.measuredMs());
        number(n, "latency_predicted_ms", e.predictedMs());
        ObjectNode lat = n.putObject("latency");
        for (RunData.Device l : devices) {
            LatencyEstimate d = c.latency(l.id());
            ObjectNode dn = lat.putObject(l.id());
            dn.put("ms", d.bestMs());
            number(dn, "measured_ms", d.measuredMs());
            number(dn, "predicted_ms", d.predictedMs());
            dn.put("source", d.isMeasured() ? (l.kind() == LatencyKind.TABLE ? "table" : "measured") : "predicted");
        }
        for (Map.Entry<Metric, Double> g : c.graphMetrics().entrySet()) {
            n.put(g.getKey().key(), g.getValue());
        }
        for (Map.Entry<String, Double> x : c.extras().entrySet()) {
            number(n, x.getKey(), x.getValue());
        }
        List<String> over = Constraint.violated(constraints, c);
        n.put("feasible", over.isEmpty());
        n.put("predicted_feasible", Constraint.predictedMet(constraints, c));
        n.set("violated", JSON.valueToTree(over));
        n.put("index", c.index());
        n.put("generation", c.generation());
        if (exportTemplate != null) {
            n.put("export", exportTemplate.replace("{arch}", c.arch()));
        }
        return n;
    }

    private static void number(ObjectNode n, String key, double v) {
        if (Double.isNaN(v)) {
            n.putNull(key);
        } else {
            n.put(key, v);
        }
    }

    private static void writeCandidates(Path file, SearchSetup s, List<Candidate> rows, List<Constraint> cons)
            throws IOException {
        List<String> devices = s.latency().stream().map(LatencyOracle::device).toList();
        String csv = candidatesCsv(devices, cons, rows);
        AtomicFiles.writeDurably(file, out -> out.write(csv.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * Candidates as CSV: order, generation, architecture, accuracy, per device the latency used with its measured
     * and predicted parts, the graph metrics every row has, the oracles' extras (a network with early exits: each
     * exit's share and latency, the worst case; empty where a row has none), feasibility by the best-known values
     * and by predictions.
     */
    public static String candidatesCsv(List<String> devices, List<Constraint> cons, List<Candidate> rows) {
        List<Metric> graph = new ArrayList<>();
        for (Metric m : Metric.values()) {
            if (m.fromGraph() && !rows.isEmpty() && rows.stream().allMatch(c -> c.graphMetrics().containsKey(m))) {
                graph.add(m);
            }
        }
        java.util.LinkedHashSet<String> extras = new java.util.LinkedHashSet<>();
        rows.forEach(c -> extras.addAll(c.extras().keySet()));
        StringBuilder b = new StringBuilder();
        b.append("index,generation,arch,accuracy");
        for (String d : devices) {
            b.append(",latency_ms[").append(d).append("],latency_measured_ms[").append(d)
                    .append("],latency_predicted_ms[").append(d).append(']');
        }
        for (Metric m : graph) {
            b.append(',').append(m.key());
        }
        for (String x : extras) {
            b.append(',').append(Csv.quote(x));
        }
        b.append(",feasible,predicted_feasible\n");
        for (Candidate c : rows) {
            b.append(c.index()).append(',').append(c.generation()).append(',').append(Csv.quote(c.arch())).append(',')
                    .append(num(c.accuracy()));
            for (String d : devices) {
                LatencyEstimate e = c.latency(d);
                b.append(',').append(num(e.bestMs())).append(',').append(num(e.measuredMs())).append(',')
                        .append(num(e.predictedMs()));
            }
            for (Metric m : graph) {
                b.append(',').append(num(c.graphMetric(m)));
            }
            for (String x : extras) {
                b.append(',').append(num(c.extras().getOrDefault(x, Double.NaN)));
            }
            b.append(',').append(Constraint.met(cons, c)).append(',').append(Constraint.predictedMet(cons, c))
                    .append('\n');
        }
        return b.toString();
    }

    private static void writeHistoryFile(Path file, List<GenerationStats> history) throws IOException {
        StringBuilder b = new StringBuilder("generation,evaluations,hypervolume,front_size,measured,elapsed_s\n");
        for (GenerationStats g : history) {
            b.append(g.generation()).append(',').append(g.evaluations()).append(',').append(num(g.hypervolume()))
                    .append(',').append(g.frontSize()).append(',').append(g.measured()).append(',')
                    .append(String.format(Locale.ROOT, "%.3f", g.elapsedMs() / 1000.0)).append('\n');
        }
        AtomicFiles.writeDurably(file, out -> out.write(b.toString().getBytes(StandardCharsets.UTF_8)));
    }

    private static String num(double v) {
        return Double.isNaN(v) ? "" : Double.toString(v);
    }


    static void write(Path file, ObjectNode node) throws IOException {
        AtomicFiles.writeDurably(file, out -> {
            PrintWriter w = new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
            w.print(JSON.writeValueAsString(node));
            w.println();
            w.flush();
        });
    }
}
