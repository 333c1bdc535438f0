package io.hwnas.benchmarks;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.hwnas.core.measure.drift.ReferenceModel;
import io.hwnas.core.onnx.ExportedModel;
import io.hwnas.core.space.Architecture;
import io.hwnas.core.space.SearchSpace;
import io.hwnas.core.space.SearchSpaces;
import io.hwnas.core.stats.Stats;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The evidence behind drift control's estimator: records, for N sampled nb201 cells on one thread, PAIRS cycles of
 * (candidate, every reference rung) back to back, then compares two such recordings (one quiet, one under load) by
 * how many cells agree within ±5 % and ±10 % for each estimator: the raw median, the ratio to one fixed rung, to the
 * nearest rung (what hwnas does), and to a log-interpolation between rungs.
 *
 * <pre>
 * record N PAIRS SEED OUT.csv      (cells drawn as hwnas profile --seed draws them)
 * compare A.csv B.csv
 * </pre>
 */
public final class DriftEstimators {

    private DriftEstimators() {}

    public static void main(String[] args) throws Exception {
        if (args.length == 5 && args[0].equals("record")) {
            record(Integer.parseInt(args[1]), Integer.parseInt(args[2]), Long.parseLong(args[3]), Path.of(args[4]));
        } else if (args.length == 3 && args[0].equals("compare")) {
            compare(read(Path.of(args[1])), read(Path.of(args[2])));
        } else {
            System.err.println("usage: DriftEstimators record N PAIRS SEED OUT.csv | compare A.csv B.csv");
            System.exit(2);
        }
    }

    private record Runner(OrtSession session, Map<String, OnnxTensor> inputs) {
        double time() throws OrtException {
            long start = System.nanoTime();
            try (OrtSession.Result r = session.run(inputs)) {
                return (System.nanoTime() - start) / 1e6 + 0 * r.size();
            }
        }
    }

    private static Runner open(OrtEnvironment env, byte[] model) throws OrtException {
        OrtSession.SessionOptions o = new OrtSession.SessionOptions();
        o.setIntraOpNumThreads(1);
        o.setInterOpNumThreads(1);
        OrtSession s = env.createSession(model, o);
        Map<String, OnnxTensor> in = new HashMap<>();
        for (var e : s.getInputInfo().entrySet()) {
            long[] shape = ((TensorInfo) e.getValue().getInfo()).getShape().clone();
            int n = 1;
            for (int i = 0; i < shape.length; i++) {
                shape[i] = Math.max(1, shape[i]);
                n *= (int) shape[i];
            }
            float[] f = new float[n];
            SplittableRandom r = new SplittableRandom(1);
            for (int i = 0; i < n; i++) {
                f[i] = (float) r.nextDouble();
            }
            in.put(e.getKey(), OnnxTensor.createTensor(env, FloatBuffer.wrap(f), shape));
        }
        return new Runner(s, in);
    }

    private static void record(int n, int pairs, long seed, Path out) throws Exception {
        SearchSpace nb201 = SearchSpaces.builtIn().get("nb201");
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        List<ReferenceModel> ladder = ReferenceModel.ladder();
        List<Runner> refs = new ArrayList<>();
        for (ReferenceModel r : ladder) {
            refs.add(open(env, r.bytes()));
        }
        SplittableRandom random = new SplittableRandom(seed);
        Set<String> seen = new LinkedHashSet<>();
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(out))) {
            w.println("cell,arch,i,candidate_ms," + String.join(",", ladder.stream().map(r -> r.name() + "_ms").toList()));
            while (seen.size() < n) {
                Architecture a = nb201.sample(random);
                if (!seen.add(a.canonical())) {
                    continue;
                }
                Runner c = open(env, ExportedModel.export(nb201, a, 0).bytes());
                for (int i = 0; i < 10 + pairs; i++) {
                    double cm = c.time();
                    StringBuilder row = new StringBuilder();
                    for (Runner r : refs) {
                        row.append(',').append(r.time());
                    }
                    if (i >= 10) {
                        w.println((seen.size() - 1) + "," + a.canonical() + "," + (i - 10) + "," + cm + row);
                    }
                }
                c.session().close();
            }
        }
    }

    /** cell -> rows of {candidate, rung 0, rung 1, ...}. */
    private static Map<String, List<double[]>> read(Path file) throws IOException {
        Map<String, List<double[]>> cells = new HashMap<>();
        for (String line : Files.readAllLines(file).subList(1, Files.readAllLines(file).size())) {
            String[] f = line.split(",");
            double[] v = new double[f.length - 3];
            for (int i = 3; i < f.length; i++) {
                v[i - 3] = Double.parseDouble(f[i]);
            }
            cells.computeIfAbsent(f[1], k -> new ArrayList<>()).add(v);
        }
        return cells;
    }

    /** The baseline of each rung: its median over the whole (quiet) recording. */
    private static double[] baselines(Map<String, List<double[]>> cells, int rungs) {
        double[] b = new double[rungs];
        for (int j = 0; j < rungs; j++) {
            List<Double> all = new ArrayList<>();
            for (List<double[]> rows : cells.values()) {
                for (double[] v : rows) {
                    all.add(v[j + 1]);
                }
            }
            b[j] = Stats.median(all);
        }
        return b;
    }

    private static double estimate(List<double[]> rows, double[] base, String how) {
        double raw = Stats.median(rows.stream().map(v -> v[0]).toList());
        int rung = switch (how) {
            case "raw" -> -1;
            case "nearest" -> ReferenceModel.nearest(raw, base);
            case "interpolated" -> -2;
            default -> Integer.parseInt(how.substring("rung ".length()));
        };
        if (rung == -1) {
            return raw;
        }
        List<Double> corrected = new ArrayList<>();
        for (double[] v : rows) {
            corrected.add(v[0] / (rung >= 0 ? v[rung + 1] / base[rung] : interpolated(v, base, raw)));
        }
        return Stats.median(corrected);
    }

    private static double interpolated(double[] v, double[] base, double candidateMs) {
        double x = Math.log(candidateMs);
        if (x <= Math.log(base[0])) {
            return v[1] / base[0];
        }
        for (int j = 0; j + 1 < base.length; j++) {
            double lo = Math.log(base[j]);
            double hi = Math.log(base[j + 1]);
            if (x <= hi) {
                double t = (x - lo) / (hi - lo);
                return Math.exp((1 - t) * Math.log(v[j + 1] / base[j]) + t * Math.log(v[j + 2] / base[j + 1]));
            }
        }
        return v[base.length] / base[base.length - 1];
    }

    private static void compare(Map<String, List<double[]>> a, Map<String, List<double[]>> b) {
        int rungs = a.values().iterator().next().get(0).length - 1;
        double[] base = baselines(a, rungs);
        List<String> hows = new ArrayList<>(List.of("raw"));
        for (int j = 0; j < rungs; j++) {
            hows.add("rung " + j);
        }
        hows.add("nearest");
        hows.add("interpolated");
        System.out.println("| estimator | cells | within ±5 % | within ±10 % | worst |");
        System.out.println("|---|---|---|---|---|");
        for (String how : hows) {
            int n = 0;
            int in5 = 0;
            int in10 = 0;
            double worst = 1;
            for (var e : a.entrySet()) {
                List<double[]> other = b.get(e.getKey());
                if (other == null) {
                    continue;
                }
                double r = estimate(other, base, how) / estimate(e.getValue(), base, how);
                n++;
                in5 += Math.abs(r - 1) <= 0.05 ? 1 : 0;
                in10 += Math.abs(r - 1) <= 0.10 ? 1 : 0;
                worst = Math.max(worst, Math.max(r, 1 / r));
            }
            String name = how.startsWith("rung ") ? "one rung: " + ReferenceModel.ladder().get(
                    Integer.parseInt(how.substring(5))).name() : how;
            System.out.printf("| %s | %d | %.3f | %.3f | %.2fx |%n", name, n, (double) in5 / n, (double) in10 / n, worst);
        }
    }
}
