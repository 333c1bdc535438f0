package io.hwnas.core.search;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hwnas.core.space.Architecture;
import io.hwnas.core.space.SearchSpace;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.moeaframework.algorithm.AbstractAlgorithm;
import org.moeaframework.algorithm.AbstractEvolutionaryAlgorithm;
import org.moeaframework.core.PRNG;
import org.moeaframework.core.Solution;
import org.moeaframework.core.population.NondominatedSortingPopulation;
import org.moeaframework.core.population.Population;

/**
 * Runs a search generation by generation: the algorithm breeds and evaluates (oracles answer from their tables or
 * predictors), then, where an oracle can measure, the search measures a few chosen candidates for real and refits
 * the predictor, then checkpoints. At the end it measures the front until every member's latency is measured, and
 * writes the run directory (see {@link RunFiles}).
 *
 * <p>MOEA Framework keeps its random generator in a global ({@link PRNG}); a search sets it from the seed (or the
 * checkpoint) when it starts, so two searches must not run at once in one JVM.
 */
public final class SearchRun {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Generations in a row without a new architecture after which the space is taken as exhausted. */
    private static final int STALL_LIMIT = 5;

    private final SearchSetup setup;
    private final SearchListener listener;
    private final CandidatePool pool;
    private final SearchProblem problem;
    private final AbstractAlgorithm algorithm;
    private final SpaceOperators ops;
    private final Map<String, Object> config;
    private final List<GenerationStats> history = new ArrayList<>();
    private double[] ideal;
    private double[] nadir;
    private int generation;
    private long elapsedBefore;
    private long startedAt;
    private long candidateBytes;
    /** The front of the first {@link #frontCovers} candidates, kept between generations when values are fixed. */
    private List<Candidate> frontSoFar = List.of();
    /** Devices whose measuring failed in this process; they are not asked again. */
    private final Set<String> failed = new java.util.HashSet<>();
    /** Candidates promoted to the oracle's higher fidelity: their first and their promoted accuracy. */
    private final Map<String, double[]> promoted = new LinkedHashMap<>();
    private int frontCovers;

    private SearchRun(SearchSetup setup, SearchListener listener) {
        this.setup = setup;
        this.listener = listener;
        this.pool = new CandidatePool(setup.space(), setup.accuracy(), setup.latency(), setup.graphMetrics());
        // The operators are made after the problem (they make its solutions); the batch is read when evaluating.
        this.problem = new SearchProblem(setup.space(), pool, setup.objectives(), setup.constraints(),
                new Prefetch(setup.space(), setup.accuracy(), setup.executor(), pool, this::bred));
        this.ops = new SpaceOperators(setup.space(), problem, pool::contains, setup.mutationRate(),
                setup.crossoverRate());
        this.algorithm = Algorithms.create(setup.algorithm(), problem, ops, setup.population(), setup.regevoSample());
        this.config = effectiveConfig(setup);
    }

    private List<String> bred() {
        return ops.bred();
    }

    /** Whether {@code dir} holds a search that {@link #run} would resume. */
    public static boolean hasCheckpoint(Path dir) {
        return Files.isRegularFile(dir.resolve(Checkpoint.FILE));
    }

    /**
     * Runs the search, resuming from the checkpoint in the run directory when there is one. A checkpoint written
     * under another configuration is refused with an {@link IllegalArgumentException} naming the first difference.
     */
    public static SearchResult run(SearchSetup setup, SearchListener listener) throws IOException {
        return new SearchRun(setup, listener).execute();
    }

    /** The configuration a resume must match: the setup's parameters, then the caller's own settings. */
    static Map<String, Object> effectiveConfig(SearchSetup s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("space", s.space().name());
        m.put("accuracy", s.accuracy().name());
        List<String> lat = new ArrayList<>();
        for (LatencyOracle o : s.latency()) {
            lat.add(o.device() + " (" + o.kind() + ")");
        }
        m.put("latency", lat);
        m.put("objectives", s.objectives().stream().map(SearchObjective::key).toList());
        m.put("budgets", s.budgets().stream().map(Budget::toString).toList());
        m.put("algorithm", s.algorithm());
        m.put("evaluations", s.evaluations());
        m.put("population", s.population());
        if (s.algorithm().equals("regevo")) {
            m.put("regevo_sample", s.regevoSample());
        }
        m.put("mutation_rate", s.mutationRate());
        m.put("crossover_rate", s.crossoverRate());
        m.put("seed", s.seed());
        if (s.latency().stream().anyMatch(LatencyOracle::canMeasure)) {
            m.put("measure_per_generation", s.measurePerGeneration());
        }
        m.putAll(s.settings());
        return m;
    }

    private SearchResult execute() throws IOException {
        Path dir = setup.out();
        Files.createDirectories(dir);
        startedAt = System.nanoTime();
        boolean resumed = false;
        boolean finished = false;
        if (hasCheckpoint(dir)) {
            Checkpoint cp = Checkpoint.read(dir);
            checkSameConfig(cp.config(), dir);
            restore(cp);
            resumed = true;
            finished = cp.finished();
            listener.message("resuming " + dir + " after generation " + generation + " (" + pool.size()
                    + " evaluations)");
        } else {
            PRNG.setRandom(new Random(setup.seed()));
        }
        RunFiles.writeManifest(dir, setup, config, resumed);
        if (setup.algorithm().equals("regevo") && setup.executor().parallelism() > 1) {
            listener.message("regevo breeds each child from the population the last child left, so after the "
                    + "first generation " + setup.executor().name() + " gets one candidate at a time");
        }
        int stalled = 0;
        while (!finished && pool.size() < setup.evaluations() && stalled < STALL_LIMIT
                && !exhausted(setup.space())) {
            int before = pool.size();
            int failedBefore = pool.failed().size();
            generation++;
            pool.generation(generation);
            ops.newGeneration();
            algorithm.step();
            failOnMissing();
            pool.failed().entrySet().stream().skip(failedBefore).forEach(f -> listener.message("candidate "
                    + f.getKey() + " failed and is left out: " + f.getValue()));
            stalled = pool.size() == before ? stalled + 1 : 0;
            if (setup.measurePerGeneration() > 0) {
                measureInLoop();
            }
            if (ideal == null) {
                referenceFrom(pool.all());
            }
            GenerationStats stats = stats();
            history.add(stats);
            checkpoint(false);
            RunFiles.writeHistory(dir, history);
            listener.generation(stats, setup.evaluations());
        }
        if (pool.size() == 0 && !pool.failed().isEmpty()) {
            Map.Entry<String, String> first = pool.failed().entrySet().iterator().next();
            throw new IllegalStateException("every candidate the search reached failed (" + pool.failed().size()
                    + "), e.g. " + first.getKey() + ": " + first.getValue());
        }
        if (ideal == null) {
            referenceFrom(pool.all());
        }
        promoteFront();
        measureFront();
        SearchResult result = result(dir, resumed);
        checkpoint(true);
        RunFiles.writeAll(result, config);
        return result;
    }

    private boolean exhausted(SearchSpace space) {
        return space.size().bitLength() < 31
                && pool.size() + pool.missing().size() + pool.failed().size() >= space.size().intValue();
    }

    private void restore(Checkpoint cp) throws IOException {
        PRNG.setRandom(cp.random());
        pool.restore(cp.candidates(setup.out()), cp.measurements(), cp.failed());
        candidateBytes = cp.candidateBytes();
        history.addAll(cp.history());
        ideal = cp.ideal();
        nadir = cp.nadir();
        generation = cp.generation();
        elapsedBefore = cp.elapsedMs();
        try (ObjectInputStream in = cp.algorithmStream()) {
            algorithm.loadState(in);
        } catch (ClassNotFoundException e) {
            throw new IOException("checkpoint in " + setup.out() + " holds an unknown class: " + e.getMessage(), e);
        }
        // The predictors are refitted on the same measurements in the same order as before the kill, so their
        // predictions (which the candidate log does not keep up to date) come out the same.
        for (LatencyOracle o : setup.latency()) {
            if (o.canMeasure()) {
                boolean any = false;
                for (CandidatePool.Measured m : pool.measurements()) {
                    if (m.device().equals(o.device())) {
                        o.learn(setup.space().decode(m.arch()), pool.get(m.arch()).latency(o.device()).measuredMs());
                        any = true;
                    }
                }
                if (any) {
                    o.refit();
                    pool.refreshPredictions(o);
                    refitFollowers(Set.of(o.device()));
                }
            }
        }
        refreshPopulation();
    }

    /** Refits and re-predicts the oracles that learn from these devices' measurements ({@code learnsFrom}). */
    private void refitFollowers(Set<String> measured) {
        for (LatencyOracle f : setup.latency()) {
            if (f.learnsFrom().stream().anyMatch(measured::contains)) {
                f.refit();
                pool.refreshPredictions(f);
            }
        }
    }

    private void checkSameConfig(String stored, Path dir) throws IOException {
        Map<String, Object> before = JSON.readValue(stored, new TypeReference<LinkedHashMap<String, Object>>() {});
        Map<String, Object> now = JSON.readValue(JSON.writeValueAsString(config),
                new TypeReference<LinkedHashMap<String, Object>>() {});
        Set<String> keys = new LinkedHashSet<>(before.keySet());
        keys.addAll(now.keySet());
        for (String k : keys) {
            if (!Objects.equals(before.get(k), now.get(k))) {
                throw new IllegalArgumentException("cannot resume " + dir + " with a different configuration: " + k
                        + " was " + show(before.get(k)) + " there and is " + show(now.get(k)) + " now");
            }
        }
    }

    private static String show(Object v) {
        try {
            return v == null ? "not set" : JSON.writeValueAsString(v);
        } catch (JsonProcessingException e) {
            return String.valueOf(v);
        }
    }

    private void failOnMissing() {
        Map<String, String> missing = pool.missing();
        if (!missing.isEmpty()) {
            Map.Entry<String, String> first = missing.entrySet().iterator().next();
            throw new IllegalArgumentException(first.getValue() + " lacks " + missing.size() + " of the "
                    + (missing.size() + pool.size()) + " architectures the search reached by generation "
                    + generation + ", e.g. " + first.getKey() + "; a table oracle must cover the space searched");
        }
    }

    /**
     * The reference of the hypervolume, fixed after the first generation so that generations compare: accuracy
     * over the oracle's {@link AccuracyOracle#range()} (0 to 100 %; a scaling law's from the first generation's worst
     * to minus the irreducible loss), every other objective from 0 to its budget when one bounds it from above, else
     * to the largest value in the first generation.
     */
    private void referenceFrom(List<Candidate> first) {
        List<SearchObjective> objs = problem.objectives();
        ideal = new double[objs.size()];
        nadir = new double[objs.size()];
        for (int i = 0; i < objs.size(); i++) {
            SearchObjective o = objs.get(i);
            if (o.metric().maximised()) {
                double[] range = setup.accuracy().range();
                ideal[i] = range[1];
                double worst = range[0];
                if (Double.isNaN(worst)) {
                    worst = Double.POSITIVE_INFINITY;
                    for (Candidate c : first) {
                        worst = Math.min(worst, o.valueOf(c));
                    }
                    worst = Double.isFinite(worst) && worst < ideal[i] ? worst : ideal[i] - 1;
                }
                nadir[i] = worst;
                continue;
            }
            double bound = Double.NaN;
            for (Constraint c : problem.constraints()) {
                Budget b = c.budget();
                if (b.metric() == o.metric() && Objects.equals(c.device(), o.device())
                        && (b.comparison() == Budget.Comparison.AT_MOST || b.comparison() == Budget.Comparison.BELOW)) {
                    bound = Double.isNaN(bound) ? b.bound() : Math.min(bound, b.bound());
                }
            }
            double max = 0;
            for (Candidate c : first) {
                max = Math.max(max, o.valueOf(c));
            }
            nadir[i] = Double.isNaN(bound) ? (max > 0 ? max : 1) : bound;
        }
    }

    private GenerationStats stats() {
        List<Candidate> all = pool.all();
        boolean measures = setup.latency().stream().anyMatch(LatencyOracle::canMeasure);
        int measured = 0;
        List<Candidate> front;
        if (measures) {
            // Measurements and refits change values: the front is found afresh (such searches are short).
            for (Candidate c : all) {
                if (c.latency().values().stream().anyMatch(LatencyEstimate::isMeasured)) {
                    measured++;
                }
            }
            front = Fronts.front(problem, all);
        } else {
            // Values never change, so the front of everything is the front of the last front and the newcomers:
            // each generation costs what it adds, not what came before.
            List<Candidate> merged = new ArrayList<>(frontSoFar);
            merged.addAll(all.subList(Math.min(frontCovers, all.size()), all.size()));
            front = Fronts.front(problem, merged);
            frontSoFar = front;
            frontCovers = all.size();
        }
        return new GenerationStats(generation, all.size(), Fronts.hypervolume(problem, front, ideal, nadir),
                front.size(), measured, elapsedMs());
    }

    private long elapsedMs() {
        return elapsedBefore + (System.nanoTime() - startedAt) / 1_000_000;
    }

    private void checkpoint(boolean finished) throws IOException {
        byte[] state = Checkpoint.bytes(algorithm::saveState);
        String json = JSON.writeValueAsString(config);
        candidateBytes = Checkpoint.append(setup.out(), candidateBytes, pool.takeDirty());
        new Checkpoint(Checkpoint.FORMAT, json, generation, finished, PRNG.getRandom(), candidateBytes,
                pool.measurements(), history, ideal, nadir, state, elapsedMs(), new LinkedHashMap<>(pool.failed()))
                .write(setup.out());
    }

    /**
     * Measures, on each device whose oracle can, up to {@code measurePerGeneration} unmeasured candidates: the
     * front's first (nearest a latency budget first, then the most accurate), then those whose predicted latency
     * lies within 15 % of a budget (most accurate first). Then refits the predictor and re-predicts the rest.
     */
    private void measureInLoop() {
        Map<LatencyOracle, List<String>> picks = new LinkedHashMap<>();
        for (LatencyOracle o : measuring()) {
            String d = o.device();
            List<Budget> bounds = problem.constraints().stream().filter(c -> d.equals(c.device()))
                    .map(Constraint::budget).toList();
            Comparator<Candidate> nearBudget = Comparator.comparingDouble(c -> nearest(bounds, c, d));
            Comparator<Candidate> accurate = Comparator.comparingDouble(Candidate::accuracy).reversed();
            List<Candidate> all = pool.all();
            Set<String> chosen = new LinkedHashSet<>();
            Fronts.front(problem, all).stream().filter(c -> !c.latency(d).isMeasured())
                    .sorted(nearBudget.thenComparing(accurate).thenComparingInt(Candidate::index))
                    .forEach(c -> chosen.add(c.arch()));
            all.stream().filter(c -> !c.latency(d).isMeasured() && nearest(bounds, c, d) <= 0.15)
                    .sorted(accurate.thenComparingInt(Candidate::index)).forEach(c -> chosen.add(c.arch()));
            picks.put(o, chosen.stream().limit(setup.measurePerGeneration()).toList());
        }
        measureAll(picks, "front and budget boundary, generation " + generation);
        refreshPopulation();
    }

    /** The oracles that measure and have not failed. */
    private List<LatencyOracle> measuring() {
        return setup.latency().stream().filter(o -> o.canMeasure() && !failed.contains(o.device())).toList();
    }

    private static double nearest(List<Budget> bounds, Candidate c, String device) {
        double best = Double.POSITIVE_INFINITY;
        for (Budget b : bounds) {
            best = Math.min(best, b.distance(c.latency(device).bestMs()));
        }
        return best;
    }

    /**
     * The device farm: each queue ({@link LatencyOracle#queue()}, one per physical device) measures its oracles'
     * picks one architecture at a time, the queues in parallel. The results are applied afterwards in device order,
     * so what the search does next does not depend on which device finished first. A device that fails (an agent
     * gone) keeps the measurements it took, is reported, and is measured no more; the others go on.
     */
    private void measureAll(Map<LatencyOracle, List<String>> picks, String why) {
        Map<String, List<LatencyOracle>> queues = new LinkedHashMap<>();
        for (Map.Entry<LatencyOracle, List<String>> e : picks.entrySet()) {
            if (!e.getValue().isEmpty()) {
                listener.measuring(e.getKey().device(), e.getValue().size(), why);
                queues.computeIfAbsent(e.getKey().queue(), k -> new ArrayList<>()).add(e.getKey());
            }
        }
        if (queues.isEmpty()) {
            return;
        }
        Map<LatencyOracle, Map<String, Double>> got = new ConcurrentHashMap<>();
        Map<LatencyOracle, RuntimeException> errors = new ConcurrentHashMap<>();
        ExecutorService farm = Executors.newFixedThreadPool(queues.size(), r -> {
            Thread t = new Thread(r, "hwnas-measure");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> work = new ArrayList<>();
            for (List<LatencyOracle> queue : queues.values()) {
                work.add(farm.submit(() -> {
                    for (LatencyOracle o : queue) {
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
        Set<String> refitted = new LinkedHashSet<>();
        for (LatencyOracle o : picks.keySet()) {
            Map<String, Double> mine = got.getOrDefault(o, Map.of());
            for (Map.Entry<String, Double> e : mine.entrySet()) {
                pool.recordMeasured(o.device(), e.getKey(), e.getValue());
            }
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

    private void refreshPopulation() {
        if (algorithm instanceof AbstractEvolutionaryAlgorithm ea && ea.isInitialized()) {
            Population p = ea.getPopulation();
            for (Solution s : p) {
                problem.refresh(s);
            }
            if (p instanceof NondominatedSortingPopulation nsp) {
                nsp.update();
            }
        }
    }

    /**
     * Successive halving in two rungs, when the accuracy oracle has a higher fidelity: every member of the front is
     * evaluated again at it (a longer training) and the front is found again, until every member is at the higher
     * fidelity. A candidate promoted away from the front keeps its better-known accuracy; one whose promotion fails
     * keeps its first accuracy and is reported.
     */
    private void promoteFront() {
        if (!setup.accuracy().promotes()) {
            return;
        }
        while (true) {
            List<String> todo = Fronts.front(problem, pool.all()).stream().map(Candidate::arch)
                    .filter(a -> !promoted.containsKey(a)).toList();
            if (todo.isEmpty()) {
                break;
            }
            // The promotions' trainings as one batch on the executor; then one by one, as before.
            setup.accuracy().prefetchPromoted(todo.stream().map(setup.space()::decode).toList(), setup.executor());
            for (String a : todo) {
                double before = pool.get(a).accuracy();
                try {
                    double after = setup.accuracy().promoted(setup.space().decode(a));
                    pool.recordAccuracy(a, after);
                    promoted.put(a, new double[] {before, after});
                } catch (CandidateFailedException e) {
                    promoted.put(a, new double[] {before, Double.NaN});
                    listener.message("promoting " + a + " failed, so it keeps its first accuracy: " + e.getMessage());
                }
            }
        }
        listener.message(promoted.size() + " candidates promoted to " + setup.accuracy().name()
                + "'s higher fidelity for the final front");
    }

    /**
     * Measures the front until every member is measured on every device that can measure (a measurement, and the
     * refit after it, can let another candidate onto the front).
     */
    private void measureFront() {
        // Each round asks for at least one candidate not asked for before (one whose measurement failed is not
        // asked again), so this ends; usually after a round or two.
        Map<String, Set<String>> asked = new LinkedHashMap<>();
        while (true) {
            Map<LatencyOracle, List<String>> picks = new LinkedHashMap<>();
            List<Candidate> front = Fronts.front(problem, pool.all());
            for (LatencyOracle o : measuring()) {
                Set<String> done = asked.computeIfAbsent(o.device(), k -> new java.util.HashSet<>());
                List<String> todo = front.stream().filter(c -> !c.latency(o.device()).isMeasured())
                        .map(Candidate::arch).filter(a -> !done.contains(a)).toList();
                if (!todo.isEmpty()) {
                    done.addAll(todo);
                    picks.put(o, todo);
                }
            }
            if (picks.isEmpty()) {
                return;
            }
            measureAll(picks, "final front");
        }
    }

    private Map<String, Double> firstAccuracies() {
        Map<String, Double> m = new LinkedHashMap<>();
        promoted.forEach((a, v) -> m.put(a, v[0]));
        return m;
    }

    /** The held-out (test) accuracy of each front member, when the oracle has held-out data: asked only here. */
    private Map<String, Double> heldOut(List<Candidate> front) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (Candidate c : front) {
            setup.accuracy().heldOut(setup.space().decode(c.arch())).ifPresent(v -> m.put(c.arch(), v));
        }
        if (!m.isEmpty()) {
            listener.message("test accuracy of the " + m.size() + " front members computed (the search used "
                    + "validation accuracy only)");
        }
        return m;
    }

    private SearchResult result(Path dir, boolean resumed) {
        Outcome o = Outcome.of(problem, pool.all());
        List<Candidate> front = o.front().stream().map(pool::withAllGraphMetrics).toList();
        List<Candidate> violations = o.violations().stream().map(pool::withAllGraphMetrics).toList();
        return new SearchResult(setup, dir, front, o.feasible(), violations, o.violationRate(),
                o.predictedFeasibleMeasured(), pool.all(), List.copyOf(history), ideal, nadir, resumed, pool.failed(),
                heldOut(front), firstAccuracies());
    }
}
