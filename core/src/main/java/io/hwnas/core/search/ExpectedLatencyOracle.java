package io.hwnas.core.search;

import io.hwnas.core.measure.LatencyMeasurer;
import io.hwnas.core.space.Architecture;
import io.hwnas.core.space.EarlyExitSpace;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * Latency on one device of a network with early exits: the expected latency, Σ over its exits and its final
 * classifier of (the share of inputs that leave there) × (the latency of the network up to and including that
 * exit). Every term is a real measurement: the path as far as each exit that is on (its graph {@code x<stage>},
 * with the earlier heads) and the whole network with every head (the worst case, an input that leaves nowhere
 * early) are measured by the {@link LatencyMeasurer}, which takes them from the measurement database when the same
 * model was measured before; the thresholds change no model, so the architectures that differ only in them cost one set of
 * measurements. The shares come from {@link ExitShares}.
 *
 * <p>{@link #extras} gives, for the run's files, each share ({@code exit_share[x1]} ... {@code exit_share[final]},
 * 0 for an exit that is off), each path's latency ({@code exit_latency_ms[x1][cpu-1t]}) and the worst case
 * ({@link Candidate#worstKey}, which the {@code worst_latency_ms} budget reads).
 */
public final class ExpectedLatencyOracle implements LatencyOracle {

    /** The measured paths of one network: per exit that is on, then the whole network. */
    private record Paths(List<String> exits, double[] ms) {}

    private final String device;
    private final EarlyExitSpace space;
    private final LatencyMeasurer measurer;
    private final ExitShares shares;
    private final String queue;
    private final Map<String, Paths> byNetwork = new HashMap<>();

    public ExpectedLatencyOracle(String device, EarlyExitSpace space, LatencyMeasurer measurer, ExitShares shares,
            String queue) {
        this.device = Objects.requireNonNull(device, "device");
        this.space = Objects.requireNonNull(space, "space");
        this.measurer = Objects.requireNonNull(measurer, "measurer");
        this.shares = Objects.requireNonNull(shares, "shares");
        this.queue = Objects.requireNonNull(queue, "queue");
    }

    @Override
    public String device() {
        return device;
    }

    @Override
    public LatencyKind kind() {
        return LatencyKind.MEASURED;
    }

    @Override
    public String queue() {
        return queue;
    }

    @Override
    public String source() {
        return "expected latency over the exits: each exit's path and the whole network measured with ONNX Runtime "
                + "on " + device + ", weighted by the shares of inputs that leave at each (" + shares.source() + ")";
    }

    @Override
    public LatencyEstimate estimate(Architecture a) {
        return LatencyEstimate.measured(expected(paths(a).ms(), checkedShares(a)));
    }

    /** Σ share × latency; the shares and the paths in the same order (exits that are on, then the whole network). */
    public static double expected(double[] ms, double[] shares) {
        double sum = 0;
        for (int i = 0; i < ms.length; i++) {
            sum += shares[i] * ms[i];
        }
        return sum;
    }

    private double[] checkedShares(Architecture a) {
        double[] s = shares.shares(a);
        int want = space.exitsOn(a).size() + 1;
        double sum = 0;
        for (double x : s) {
            sum += x;
        }
        if (s.length != want || Math.abs(sum - 1) > 1e-6) {
            throw new IllegalStateException(String.format(Locale.ROOT, "exit shares of %s must be %d summing to 1, "
                    + "but were %s (%s)", a.canonical(), want, java.util.Arrays.toString(s), shares.source()));
        }
        return s;
    }

    private Paths paths(Architecture a) {
        String key = space.networkKey(a);
        Paths p = byNetwork.get(key);
        if (p == null) {
            List<String> on = space.exitsOn(a);
            double[] ms = new double[on.size() + 1];
            for (int i = 0; i <= on.size(); i++) {
                String graph = i < on.size() ? on.get(i) : "";
                OptionalDouble m = measurer.measure(a, graph);
                if (m.isEmpty()) {
                    throw new CandidateFailedException(a.canonical(), "measurement on " + device + " of "
                            + (graph.isEmpty() ? "the whole network" : "the path as far as exit " + graph)
                            + " failed", null);
                }
                ms[i] = m.getAsDouble();
            }
            p = new Paths(on, ms);
            byNetwork.put(key, p);
        }
        return p;
    }

    @Override
    public Map<String, Double> extras(Architecture a) {
        Paths p = paths(a);
        double[] s = checkedShares(a);
        Map<String, Double> out = new LinkedHashMap<>();
        for (String x : space.exits()) {
            int i = p.exits().indexOf(x);
            out.put("exit_share[" + x + "]", i < 0 ? 0 : s[i]);
        }
        out.put("exit_share[final]", s[s.length - 1]);
        for (int i = 0; i < p.exits().size(); i++) {
            out.put("exit_latency_ms[" + p.exits().get(i) + "][" + device + "]", p.ms()[i]);
        }
        out.put(Candidate.worstKey(device), p.ms()[p.ms().length - 1]);
        return out;
    }

    @Override
    public Map<String, Object> describe() {
        return Map.of("shares", shares.source(), "paths_measured", byNetwork.size());
    }
}
