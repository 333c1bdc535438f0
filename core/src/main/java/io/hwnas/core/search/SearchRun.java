package io.hwnas.core.search;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hwnas.core.config.ConfigDiff;
import io.hwnas.core.io.OneLine;
import io.hwnas.core.search.config.SearchConfig;
import io.hwnas.core.space.SearchSpace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.moeaframework.algorithm.AbstractAlgorithm;
import org.moeaframework.algorithm.AbstractEvolutionaryAlgorithm;
import org.moeaframework.core.Solution;
import org.moeaframework.core.population.NondominatedSortingPopulation;
import org.moeaframework.core.population.Population;

/**
 * Runs a search generation by generation: the algorithm breeds and evaluates (oracles answer from their tables or
 * predictors), then, where an oracle can measure, the {@link MeasuringPolicy} measures a few chosen candidates for
 * real on the {@link DeviceFarm} and the predictors are refitted, then the {@link Checkpointer} saves the state. At
 * the end the front is promoted to the accuracy oracle's higher fidelity when it has one ({@link Promotion}) and
 * measured until every member's latency is measured, and the run directory is written (see {@link RunFiles}).
 *
 * <p>MOEA Framework draws from a global generator; a search holds it ({@link MoeaRandom}) from start to end.
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
    private final RunManifest.EffectiveConfig config;
    private final DeviceFarm farm;
    private final MeasuringPolicy measuring;
    private final Promotion promotion;
    private final Checkpointer checkpointer;
    private final List<GenerationStats> history = new ArrayList<>();
    private HypervolumeReference reference;
    private RunManifest manifest;
    private int generation;
    private long elapsedBefore;
    private long startedAt;
    /** The front of the first {@link #frontCovers} candidates, kept between generations when values are fixed. */
    private List<Candidate> frontSoFar = List.of();
    private int frontCovers;

    private SearchRun(SearchSetup setup, SearchListener listener) {
        this.setup = setup;
        this.listener = listener;
        this.pool = new CandidatePool(setup.space(), setup.accuracy(), setup.latency(), setup.graphMetrics());
        // The operators are made after the problem (they make its solutions); the batch is read when evaluating.
        this.problem = new SearchProblem(setup.space(), pool, setup.objectives(), setup.constraints(),
                new Prefetch(setup.space(), setup.accuracy(), setup.executor(), pool, this::bred));
        this.ops = new SpaceOperators(setup.space(), problem, pool::contains, pool::size, setup.evaluations(),
                setup.mutationRate(), setup.crossoverRate());
        this.algorithm = Algorithms.create(setup.algorithm(), problem, ops, setup.population(), setup.regevoSample(),
                pool, setup.evaluations());
        this.config = effectiveConfig(setup);
        this.farm = new DeviceFarm(setup, pool, listener);
        this.measuring = new MeasuringPolicy(problem, pool, farm, setup.measurePerGeneration());
        this.promotion = new Promotion(setup, problem, pool, listener);
        this.checkpointer = new Checkpointer(setup, pool, problem, algorithm, farm);
    }

    private List<String> bred() {
        return ops.bred();
    }

    /** Whether {@code dir} holds a search that {@link #run} would resume. */
    public static boolean hasCheckpoint(Path dir) {
        return Checkpointer.exists(dir);
    }

    /**
     * Runs the search, resuming from the checkpoint in the run directory when there is one. A checkpoint written
     * under another configuration is refused with an {@link IllegalArgumentException} naming the first difference.
     */
    public static SearchResult run(SearchSetup setup, SearchListener listener) throws IOException {
        return new SearchRun(setup, listener).execute();
    }

    /** The parameters a resume must match, as this search derives them from its setup. */
    static RunManifest.EffectiveConfig effectiveConfig(SearchSetup s) {
        boolean measures = s.latency().stream().anyMatch(MeasuringOracle.class::isInstance);
        return new RunManifest.EffectiveConfig(s.space().name(), s.accuracy().name(),
                s.latency().stream().map(o -> o.device() + " (" + o.kind() + ")").toList(),
                s.objectives().stream().map(SearchObjective::key).toList(),
                s.budgets().stream().map(Budget::toString).toList(), s.algorithm().key(), s.evaluations(), s.population(),
                s.algorithm() == Algorithm.REGEVO ? s.regevoSample() : null, s.mutationRate(), s.crossoverRate(),
                s.seed(), measures ? s.measurePerGeneration() : null);
    }

    private SearchResult execute() throws IOException {
        Path dir = setup.out();
        Files.createDirectories(dir);
        startedAt = System.nanoTime();
        Checkpoint cp = hasCheckpoint(dir) ? Checkpoint.read(dir) : null;
        // Killed in its first generation, a run has a manifest and no checkpoint: it starts again from the
        // beginning, with the manifest's configuration and seed, and so ends as it would have.
        boolean fromManifest = cp == null && Files.isRegularFile(dir.resolve(RunFiles.MANIFEST));
        if (fromManifest) {
            RunManifest m = RunManifest.read(dir.resolve(RunFiles.MANIFEST));
            if (m.config() == null) {
                throw new RunFileException(dir.resolve(RunFiles.MANIFEST), "incomplete: it has no config, so the run "
                        + "cannot start again from it");
            }
            checkSameConfig(RunManifest.resumeKey(m.config(), m.search(), m.environment()),
                    dir.resolve(RunFiles.MANIFEST));
            listener.message("resuming " + dir + ", which stopped before its first generation ended: it starts "
                    + "again from the beginning, with the configuration and seed of its manifest");
        }
        try (MoeaRandom.Lease lease = cp == null ? MoeaRandom.seeded(setup.seed()) : MoeaRandom.restored(cp.random())) {
            boolean finished = cp != null && resume(cp);
            manifest = RunFiles.writeManifest(dir, setup, config, cp != null || fromManifest);
            if (setup.algorithm() == Algorithm.REGEVO && setup.executor().parallelism() > 1) {
                listener.message("regevo breeds each child from the population the last child left, so after the "
                        + "first generation " + setup.executor().name() + " gets one candidate at a time");
            }
            if (!finished && pool.size() == 0 && setup.evaluations() < setup.population()) {
                listener.message("the budget of " + setup.evaluations() + " evaluations is below the population of "
                        + setup.population() + ": the search evaluates " + setup.evaluations() + " architectures "
                        + "drawn at random and breeds none");
            }
            if (!finished) {
                generations();
            }
            return finish(dir, cp != null || fromManifest);
        }
    }

    /** Checks the configuration and puts the checkpoint's state back; whether that run had finished. */
    private boolean resume(Checkpoint cp) throws IOException {
        checkSameConfig(cp.config(), setup.out().resolve(Checkpoint.FILE));
        checkpointer.restore(cp);
        history.addAll(cp.history());
        reference = cp.ideal() == null ? null : new HypervolumeReference(cp.ideal(), cp.nadir());
        generation = cp.generation();
        elapsedBefore = cp.elapsedMs();
        refreshPopulation();
        listener.message("resuming " + setup.out() + " after generation " + generation + " (" + pool.size()
                + " evaluations)");
        return cp.finished();
    }

    private void generations() throws IOException {
        int stalled = 0;
        while (pool.size() < setup.evaluations() && stalled < STALL_LIMIT && !exhausted(setup.space())) {
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
            if (setup.measurePerGeneration() > 0 && measuringDue(before)) {
                measuring.generation(generation);
                refreshPopulation();
            }
            fixReference();
            GenerationStats stats = stats();
            history.add(stats);
            checkpointer.write(configJson(), generation, false, history, reference, elapsedMs());
            RunFiles.writeHistory(setup.out(), history);
            listener.generation(stats, setup.evaluations());
        }
    }

    /**
     * Whether this generation measures: every generation, except that saea, whose steps evaluate a third of a
     * population, measures once per population's worth of evaluations, so that a search spends the same share of
     * its time measuring whichever algorithm runs it. Read from the pool's size alone, so a resume agrees.
     */
    private boolean measuringDue(int before) {
        int p = setup.population();
        return setup.algorithm() != Algorithm.SAEA || before / p != pool.size() / p;
    }

    private SearchResult finish(Path dir, boolean resumed) throws IOException {
        if (pool.size() == 0 && !pool.failed().isEmpty()) {
            Map.Entry<String, String> first = pool.failed().entrySet().iterator().next();
            throw new IllegalStateException("every candidate the search reached failed (" + pool.failed().size()
                    + "), e.g. " + first.getKey() + ": " + first.getValue());
        }
        fixReference();
        promotion.front();
        measuring.front();
        SearchResult result = result(dir, resumed);
        checkpointer.write(configJson(), generation, true, history, reference, elapsedMs());
        RunFiles.writeAll(result);
        return result;
    }

    private void fixReference() {
        if (reference == null) {
            reference = HypervolumeReference.of(problem, setup.accuracy().range(), pool.all());
        }
    }

    private boolean exhausted(SearchSpace space) {
        return space.size().bitLength() < 31
                && pool.size() + pool.missing().size() + pool.failed().size() >= space.size().intValue();
    }

    /** What the checkpoint records and a resume compares. */
    private String configJson() {
        return RunManifest.resumeKey(config, setup.config(), setup.environment());
    }

    /** Refuses to go on when {@code stored}, read from {@code file}, is another configuration than this run's. */
    private void checkSameConfig(String stored, Path file) {
        ObjectNode before;
        try {
            if (!(JSON.readTree(stored) instanceof ObjectNode o)) {
                throw new IllegalArgumentException("it is not a JSON object");
            }
            before = o;
            if (before.has("search")) {
                // A configuration an earlier hwnas stored lacks the fields added since; read back, it has their
                // values for such runs (drift control off), which is what a resume is compared with. It is written
                // and read as text, as the other side is, so that numbers compare as the same kind of node.
                before.set("search", JSON.readTree(SearchConfig.fromJson(before.get("search")).toJson().toString()));
            }
        } catch (IOException | IllegalArgumentException e) {
            throw new RunFileException(file, "its configuration does not read: "
                    + OneLine.of(e.getMessage(), 200), e);
        }
        Path dir = setup.out();
        try {
            ConfigDiff.first(before, JSON.readTree(configJson())).ifPresent(d -> {
                throw new IllegalArgumentException("cannot resume " + dir + " with a different configuration: "
                        + OneLine.of(d.describe(d.path()), 300));
            });
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e); // this run's own configuration, written just now
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

    private GenerationStats stats() {
        List<Candidate> all = pool.all();
        boolean measures = setup.latency().stream().anyMatch(MeasuringOracle.class::isInstance);
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
        return new GenerationStats(generation, all.size(), Fronts.hypervolume(problem, front, reference.ideal(),
                reference.nadir()), front.size(), measured, elapsedMs());
    }

    private long elapsedMs() {
        return elapsedBefore + (System.nanoTime() - startedAt) / 1_000_000;
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

    private SearchResult result(Path dir, boolean resumed) throws IOException {
        Outcome o = Outcome.of(problem, pool.all());
        List<Candidate> front = o.front().stream().map(pool::withAllGraphMetrics).toList();
        List<Candidate> violations = o.violations().stream().map(pool::withAllGraphMetrics).toList();
        List<RunData.Device> devices = setup.latency().stream().map(l -> new RunData.Device(l.device(), l.kind(),
                l.source())).toList();
        RunData record = new RunData(dir, manifest, true, setup.objectives(), setup.constraints(), devices,
                pool.all(), front, o.feasible(), violations, o.predictedFeasibleMeasured(), history,
                reference.ideal(), reference.nadir(), pool.failed(), SpeedLog.read(dir));
        return new SearchResult(setup, record, resumed, heldOut(front), promotion.firstAccuracies());
    }
}
