package io.hwnas.core.search;

import io.hwnas.core.graph.GraphCost;
import io.hwnas.core.space.Architecture;
import io.hwnas.core.space.SearchSpace;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every architecture the search has evaluated, in the order it reached them, with what the oracles said. An
 * architecture is evaluated once: asking again returns the stored candidate, so duplicates cost nothing.
 *
 * <p>An architecture an oracle's table lacks is not added; it is remembered in {@link #missing()} so that the search
 * can stop with a count and an example instead of failing on the first. One an oracle failed to evaluate (its
 * training ran out of memory, say: a {@link CandidateFailedException}) is not added either; it is remembered in
 * {@link #failed()} with the reason, and the search goes on without it.
 */
public final class CandidatePool {

    private final SearchSpace space;
    private final AccuracyOracle accuracy;
    private final List<LatencyOracle> latency;
    private final Set<Metric> graphMetrics;
    private final LinkedHashMap<String, Candidate> byArch = new LinkedHashMap<>();
    private final LinkedHashMap<String, String> missing = new LinkedHashMap<>();
    /** Architectures an oracle could not evaluate (a training that failed), with the reason: not tried again. */
    private final LinkedHashMap<String, String> failed = new LinkedHashMap<>();
    /** Candidates new or changed since the last checkpoint (predictions refreshed by a refit do not count). */
    private final Set<String> dirty = new java.util.LinkedHashSet<>();
    /** Every real measurement in the order taken: a predictor refitted on them in this order is the same again. */
    private final List<Measured> measurements = new ArrayList<>();

    /** One real measurement: which device, which architecture. */
    record Measured(String device, String arch) implements java.io.Serializable {}
    private int generation = 1;

    public CandidatePool(SearchSpace space, AccuracyOracle accuracy, List<LatencyOracle> latency,
            Set<Metric> graphMetrics) {
        this.space = space;
        this.accuracy = accuracy;
        this.latency = List.copyOf(latency);
        this.graphMetrics = graphMetrics.isEmpty() ? Set.of() : Set.copyOf(graphMetrics);
    }

    /** The generation that new candidates are stamped with. */
    void generation(int g) {
        this.generation = g;
    }

    /** The candidate for {@code a}, evaluating it on first sight; {@code null} when an oracle lacks it. */
    public Candidate evaluate(Architecture a) {
        Candidate c = byArch.get(a.canonical());
        if (c != null || missing.containsKey(a.canonical()) || failed.containsKey(a.canonical())) {
            return c;
        }
        try {
            double acc = accuracy.accuracy(a);
            Map<String, Double> extras = new LinkedHashMap<>(accuracy.extras(a));
            Map<String, LatencyEstimate> lat = new LinkedHashMap<>();
            for (LatencyOracle o : latency) {
                lat.put(o.device(), o.estimate(a));
                extras.putAll(o.extras(a));
            }
            c = new Candidate(byArch.size(), generation, a.canonical(), acc, lat, costs(a, graphMetrics), extras);
        } catch (MissingArchitectureException e) {
            missing.put(a.canonical(), e.oracle());
            return null;
        } catch (CandidateFailedException e) {
            failed.put(a.canonical(), e.getMessage());
            return null;
        }
        byArch.put(c.arch(), c);
        dirty.add(c.arch());
        return c;
    }

    /** Computes the graph metrics of a candidate not computed yet (for the rows of a front). */
    public Candidate withAllGraphMetrics(Candidate c) {
        if (c.graphMetrics().size() == graphMetricCount()) {
            return c;
        }
        Candidate full = c.withGraphMetrics(costs(space.decode(c.arch()), Set.of(Metric.values())));
        byArch.put(full.arch(), full);
        dirty.add(full.arch());
        return full;
    }

    private static int graphMetricCount() {
        int n = 0;
        for (Metric m : Metric.values()) {
            n += m.fromGraph() ? 1 : 0;
        }
        return n;
    }

    private Map<Metric, Double> costs(Architecture a, Set<Metric> which) {
        if (which.stream().noneMatch(Metric::fromGraph)) {
            return Map.of();
        }
        GraphCost cost = space.buildGraph(a).cost();
        Map<Metric, Double> out = new EnumMap<>(Metric.class);
        for (Metric m : which) {
            if (m.fromGraph()) {
                out.put(m, m.of(cost));
            }
        }
        return out;
    }

    public Candidate get(String canonical) {
        return byArch.get(canonical);
    }

    public boolean contains(String canonical) {
        return byArch.containsKey(canonical) || missing.containsKey(canonical) || failed.containsKey(canonical);
    }

    public int size() {
        return byArch.size();
    }

    /** Every candidate, in evaluation order. */
    public List<Candidate> all() {
        return List.copyOf(byArch.values());
    }

    /** Architectures an oracle lacked, with the oracle that lacked each. */
    public Map<String, String> missing() {
        return Collections.unmodifiableMap(missing);
    }

    /** Architectures an oracle failed to evaluate, with the reason, in the order they failed. */
    public Map<String, String> failed() {
        return Collections.unmodifiableMap(failed);
    }

    /** Replaces a candidate's accuracy with a higher-fidelity one (the search's final promotion). */
    void recordAccuracy(String canonical, double accuracy) {
        Candidate c = byArch.get(canonical);
        if (c != null) {
            byArch.put(canonical, c.withAccuracy(accuracy));
            dirty.add(canonical);
        }
    }

    /** Records a real measurement on {@code device}; the prediction made before it is kept beside it. */
    void recordMeasured(String device, String canonical, double ms) {
        Candidate c = byArch.get(canonical);
        if (c != null && !c.latency(device).isMeasured()) {
            byArch.put(canonical, c.withLatency(device, c.latency(device).withMeasured(ms)));
            dirty.add(canonical);
            measurements.add(new Measured(device, canonical));
        }
    }

    /** Asks {@code oracle} again for every candidate not measured on its device (its predictor has changed). */
    void refreshPredictions(LatencyOracle oracle) {
        for (Map.Entry<String, Candidate> e : byArch.entrySet()) {
            Candidate c = e.getValue();
            LatencyEstimate old = c.latency(oracle.device());
            if (!old.isMeasured()) {
                e.setValue(c.withLatency(oracle.device(), oracle.estimate(space.decode(c.arch()))));
            }
        }
    }

    /** Puts back the candidates of a checkpoint, in their order, and the order of the measurements. */
    void restore(Collection<Candidate> candidates, List<Measured> measured, Map<String, String> failures) {
        failed.clear();
        failed.putAll(failures);
        byArch.clear();
        for (Candidate c : candidates) {
            byArch.put(c.arch(), c);
        }
        measurements.clear();
        measurements.addAll(measured);
        dirty.clear();
    }

    /** The candidates changed since the last call, which forgets them. */
    List<Candidate> takeDirty() {
        List<Candidate> out = new ArrayList<>(dirty.size());
        for (String a : dirty) {
            out.add(byArch.get(a));
        }
        dirty.clear();
        return out;
    }

    List<Measured> measurements() {
        return List.copyOf(measurements);
    }
}
