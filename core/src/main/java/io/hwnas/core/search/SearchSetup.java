package io.hwnas.core.search;

import io.hwnas.core.exec.EvaluationExecutor;
import io.hwnas.core.exec.LocalExecutor;
import io.hwnas.core.search.config.SearchConfig;
import io.hwnas.core.space.SearchSpace;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Everything a search needs: the space, the oracles, the objectives and budgets, the algorithm and its sizes, the
 * seed and the run directory. Built with {@link #builder()}; checked when built, so that a bad combination fails
 * before any work.
 *
 * @param config      the configuration as the user gave it, when the search was configured from one: written to
 *                    the manifest and compared on resume, so that a run never continues under another configuration;
 *                    null for a search set up in code
 * @param environment facts a resume must find unchanged (the ONNX Runtime that measures), by name
 * @param commands    how the user's tool does things to the run's results, for the run's files and reports:
 *                    {@code export} (with {@code {arch}} for the architecture) and {@code resume} (with
 *                    {@code {dir}}); empty when there is no such tool
 * @param executor where the candidates' expensive work runs (their trainings); it changes no result, so it is
 *                 recorded in the manifest but not compared on resume. The caller opens and closes it.
 */
public record SearchSetup(SearchSpace space, AccuracyOracle accuracy, List<LatencyOracle> latency,
        List<Metric> extraObjectives, List<Budget> budgets, Algorithm algorithm, int evaluations, int population,
        int regevoSample, double mutationRate, double crossoverRate, long seed, int measurePerGeneration,
        Path out, SearchConfig config, Map<String, String> environment, Map<String, String> commands,
        EvaluationExecutor executor) {

    public SearchSetup {
        Objects.requireNonNull(executor, "executor");
        Objects.requireNonNull(space, "space");
        Objects.requireNonNull(accuracy, "accuracy");
        Objects.requireNonNull(out, "out");
        latency = List.copyOf(latency);
        extraObjectives = List.copyOf(extraObjectives);
        budgets = List.copyOf(budgets);
        environment = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(environment));
        commands = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(commands));
        Objects.requireNonNull(algorithm, "algorithm");
        if (latency.isEmpty()) {
            throw new IllegalArgumentException("a search needs at least one latency oracle (a device or a table)");
        }
        Set<String> devices = new LinkedHashSet<>();
        for (LatencyOracle o : latency) {
            if (!devices.add(o.device())) {
                throw new IllegalArgumentException("device '" + o.device() + "' is given twice");
            }
        }
        for (Metric m : extraObjectives) {
            if (!m.fromGraph()) {
                throw new IllegalArgumentException("objective '" + m.key() + "' is always there; extra objectives are "
                        + "params, flops, peak_memory_mb, model_size_mb, memory_mb");
            }
        }
        for (Budget b : budgets) {
            if (b.device() != null && !devices.contains(b.device())) {
                throw new IllegalArgumentException("budget '" + b + "' names device '" + b.device()
                        + "', which is not in this search; devices: " + devices);
            }
        }
        if (evaluations < 1) {
            throw new IllegalArgumentException("evaluations must be >= 1, but was " + evaluations);
        }
        if (population < 4) {
            throw new IllegalArgumentException("population must be >= 4, but was " + population);
        }
        if (algorithm == Algorithm.NSGA2 || algorithm == Algorithm.NSGA3 || algorithm == Algorithm.SNSGA2) {
            if (population % 2 != 0) {
                throw new IllegalArgumentException("population must be even for " + algorithm + ", but was "
                        + population);
            }
        }
        if (algorithm == Algorithm.REGEVO && (regevoSample < 2 || regevoSample > population)) {
            throw new IllegalArgumentException("regevo sample must be in [2, population " + population
                    + "], but was " + regevoSample);
        }
        if (!(mutationRate >= 0 && mutationRate <= 1) || !(crossoverRate >= 0 && crossoverRate <= 1)) {
            throw new IllegalArgumentException("mutation and crossover rates must be in [0, 1], but were "
                    + mutationRate + " and " + crossoverRate);
        }
        if (measurePerGeneration < 0) {
            throw new IllegalArgumentException("measurements per generation must be >= 0, but was "
                    + measurePerGeneration);
        }
    }

    /** The objectives, in order: accuracy, latency on each device, then the extras. */
    public List<SearchObjective> objectives() {
        List<SearchObjective> out = new ArrayList<>();
        out.add(SearchObjective.of(Metric.ACCURACY));
        for (LatencyOracle o : latency) {
            out.add(SearchObjective.latency(o.device()));
        }
        for (Metric m : extraObjectives) {
            out.add(SearchObjective.of(m));
        }
        return out;
    }

    /** The constraints: each budget, a latency budget without a device once per device. */
    public List<Constraint> constraints() {
        List<Constraint> out = new ArrayList<>();
        for (Budget b : budgets) {
            if (b.metric().perDevice()) {
                for (LatencyOracle o : latency) {
                    if (b.binds(o.device())) {
                        out.add(new Constraint(b, o.device()));
                    }
                }
            } else {
                out.add(new Constraint(b, null));
            }
        }
        return out;
    }

    /** The graph metrics the search needs for every candidate (objectives and budgets). */
    Set<Metric> graphMetrics() {
        Set<Metric> out = new LinkedHashSet<>(extraObjectives);
        for (Budget b : budgets) {
            if (b.metric().fromGraph()) {
                out.add(b.metric());
            }
        }
        return out;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Defaults: saea, 1,000 evaluations, population 30, regevo sample 10, seed 1, 4 measurements a generation, the
     * local executor one task at a time.
     */
    public static final class Builder {
        private SearchSpace space;
        private AccuracyOracle accuracy;
        private final List<LatencyOracle> latency = new ArrayList<>();
        private final List<Metric> extra = new ArrayList<>();
        private final List<Budget> budgets = new ArrayList<>();
        private Algorithm algorithm = Algorithm.SAEA;
        private int evaluations = 1000;
        private int population = 30;
        private int regevoSample = 10;
        private double mutationRate = Double.NaN;
        private double crossoverRate = 0.5;
        private long seed = 1;
        private int measurePerGeneration = 4;
        private Path out;
        private SearchConfig config;
        private final Map<String, String> environment = new LinkedHashMap<>();
        private final Map<String, String> commands = new LinkedHashMap<>();
        private EvaluationExecutor executor = LocalExecutor.sequential();

        public Builder space(SearchSpace s) {
            this.space = s;
            return this;
        }

        public Builder accuracy(AccuracyOracle o) {
            this.accuracy = o;
            return this;
        }

        public Builder latency(LatencyOracle o) {
            this.latency.add(o);
            return this;
        }

        public Builder objective(Metric m) {
            this.extra.add(m);
            return this;
        }

        public Builder budget(Budget b) {
            this.budgets.add(b);
            return this;
        }

        public Builder algorithm(Algorithm a) {
            this.algorithm = a;
            return this;
        }

        /** The algorithm by its name ({@link Algorithm#parse}). */
        public Builder algorithm(String name) {
            return algorithm(Algorithm.parse(name));
        }

        public Builder evaluations(int n) {
            this.evaluations = n;
            return this;
        }

        public Builder population(int n) {
            this.population = n;
            return this;
        }

        public Builder regevoSample(int n) {
            this.regevoSample = n;
            return this;
        }

        /** Per-gene mutation probability; by default one over the number of decisions. */
        public Builder mutationRate(double r) {
            this.mutationRate = r;
            return this;
        }

        public Builder crossoverRate(double r) {
            this.crossoverRate = r;
            return this;
        }

        public Builder seed(long s) {
            this.seed = s;
            return this;
        }

        public Builder measurePerGeneration(int k) {
            this.measurePerGeneration = k;
            return this;
        }

        public Builder out(Path dir) {
            this.out = dir;
            return this;
        }

        /** Where the candidates' expensive work runs (default: one at a time, here). */
        public Builder executor(EvaluationExecutor e) {
            this.executor = e;
            return this;
        }

        /** The user's configuration this search was built from, for the manifest and the resume check. */
        public Builder config(SearchConfig c) {
            this.config = c;
            return this;
        }

        /** A fact of the environment that a resume must find unchanged. */
        public Builder environment(String name, String value) {
            this.environment.put(name, value);
            return this;
        }

        /** How the user's tool does {@code what} ({@code export}, {@code resume}): see {@link SearchSetup}. */
        public Builder command(String what, String template) {
            this.commands.put(what, template);
            return this;
        }

        public SearchSetup build() {
            Objects.requireNonNull(space, "space");
            double rate = Double.isNaN(mutationRate) ? 1.0 / space.dimensions().size() : mutationRate;
            return new SearchSetup(space, accuracy, latency, extra, budgets, algorithm, evaluations, population,
                    regevoSample, rate, crossoverRate, seed, measurePerGeneration, out, config, environment, commands,
                    executor);
        }
    }
}
