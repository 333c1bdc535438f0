package io.hwnas.core.search;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The device farm: each queue ({@link LatencyOracle#queue()}, one per physical device) measures its oracles' picks
 * one architecture at a time, the queues in parallel. The results are applied afterwards in device order, so what
 * the search does next does not depend on which device finished first. A device that fails (an agent gone) keeps
 * the measurements it took, is reported, and is measured no more in this process; the others go on. After
 * measuring, each oracle that measured is refitted and its candidates re-predicted, and so are the oracles that
 * learn from it ({@link FollowingOracle}).
 */
final class DeviceFarm {

    private final SearchSetup setup;
    private final CandidatePool pool;
    private final SearchListener listener;
    /** Devices whose measuring failed in this process; they are not asked again. */
    private final Set<String> failed = new HashSet<>();

    DeviceFarm(SearchSetup setup, CandidatePool pool, SearchListener listener) {
        this.setup = setup;
        this.pool = pool;
        this.listener = listener;
    }

    /** The oracles that measure and have not failed. */
    List<MeasuringOracle> measuring() {
        return setup.latency().stream().filter(o -> o instanceof MeasuringOracle && !failed.contains(o.device()))
                .map(MeasuringOracle.class::cast).toList();
    }

    /** Measures each oracle's picks (canonical strings), records them in the pool and refits. */
    void measure(Map<MeasuringOracle, List<String>> picks, String why) {
        Map<String, List<MeasuringOracle>> queues = new LinkedHashMap<>();
        for (Map.Entry<MeasuringOracle, List<String>> e : picks.entrySet()) {
            if (!e.getValue().isEmpty()) {
                listener.measuring(e.getKey().device(), e.getValue().size(), why);
                queues.computeIfAbsent(e.getKey().queue(), k -> new ArrayList<>()).add(e.getKey());
            }
        }
        if (queues.isEmpty()) {
            return;
        }
        Map<MeasuringOracle, Map<String, Double>> got = new ConcurrentHashMap<>();
        Map<MeasuringOracle, RuntimeException> errors = new ConcurrentHashMap<>();
        runQueues(queues.values(), picks, got, errors);
        Set<String> refitted = new LinkedHashSet<>();
        for (MeasuringOracle o : picks.keySet()) {
            Map<String, Double> mine = got.getOrDefault(o, Map.of());
            mine.forEach((arch, ms) -> pool.recordMeasured(o.device(), arch, ms));
            RuntimeException ex = errors.get(o);
            if (ex != null) {
                failed.add(o.device());
                listener.message("measuring on " + o.device() + " failed, so it is measured no more in this run ("
                        + mine.size() + " measurements of this round kept): " + ex.getMessage());
            }
            if (!mine.isEmpty()) {
                o.refit();
                pool.refreshPredictions(o);
                refitted.add(o.device());
            }
        }
        refitFollowers(refitted);
    }

    /** One thread per queue; each measures its oracles' picks in order, keeping what it got before a failure. */
    private void runQueues(Iterable<List<MeasuringOracle>> queues, Map<MeasuringOracle, List<String>> picks,
            Map<MeasuringOracle, Map<String, Double>> got, Map<MeasuringOracle, RuntimeException> errors) {
        List<List<MeasuringOracle>> all = new ArrayList<>();
        queues.forEach(all::add);
        ExecutorService farm = Executors.newFixedThreadPool(all.size(), r -> {
            Thread t = new Thread(r, "hwnas-measure");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> work = new ArrayList<>();
            for (List<MeasuringOracle> queue : all) {
                work.add(farm.submit(() -> {
                    for (MeasuringOracle o : queue) {
                        Map<String, Double> mine = new LinkedHashMap<>();
                        got.put(o, mine);
                        try {
                            for (String arch : picks.get(o)) {
                                mine.putAll(o.measure(List.of(setup.space().decode(arch))));
                            }
                        } catch (RuntimeException ex) {
                            errors.put(o, ex);
                        }
                    }
                }));
            }
            for (Future<?> f : work) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while measuring", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("measuring failed: " + e.getCause().getMessage(), e.getCause());
        } finally {
            farm.shutdownNow();
        }
    }

    /** Refits and re-predicts the oracles that learn from these devices' measurements ({@code learnsFrom}). */
    void refitFollowers(Set<String> measured) {
        for (LatencyOracle o : setup.latency()) {
            if (o instanceof FollowingOracle f && f.learnsFrom().stream().anyMatch(measured::contains)) {
                f.refit();
                pool.refreshPredictions(f);
            }
        }
    }
}
