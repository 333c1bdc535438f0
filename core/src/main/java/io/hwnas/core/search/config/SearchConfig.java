package io.hwnas.core.search.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.hwnas.core.config.ConfigDiff;
import io.hwnas.core.measure.drift.DriftControl;
import io.hwnas.core.search.Algorithm;
import io.hwnas.core.search.Budget;
import io.hwnas.core.search.Metric;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A search as its user configured it: the space (and which of its graphs), where accuracy and each device's latency
 * come from, the extra objectives and the budgets, the algorithm and its sizes, the seed and how it measures. It is
 * built and checked once, where the user's input enters (the command line), written into the run's manifest, read
 * back on resume and compared with what the user asks for then ({@link #firstDifference}). What it names (files,
 * devices, oracles) is resolved by whoever wires the search.
 *
 * <p>Fields read as the manifest writes them, in snake case ({@link #MAPPER}).
 *
 * @param graph      which of the space's graphs is searched ({@code ""}: the space's own; {@code decode} ...)
 * @param exitShares for an early-exit space, the configured share of inputs leaving at each exit and at the end,
 *                   or null when training measures them
 * @param objectives the extra objectives (accuracy and each device's latency always are)
 * @param budgets    the hardware budgets; a default one may be added when none is given, unless {@code noBudget}
 */
public record SearchConfig(String space, String graph, AccuracySource accuracy, List<Double> exitShares,
        List<LatencySource> latency, List<Metric> objectives, List<Budget> budgets, boolean noBudget,
        Algorithm algorithm, int evaluations, int population, int regevoSample, long seed, Measuring measuring) {

    public static final ObjectMapper MAPPER = new ObjectMapper()
            // A manifest may be anyone's (--resume DIR): a key named twice is refused, not read as its last value.
            .enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .addMixIn(DriftControl.class, DriftControlWords.class);

    public static final int DEFAULT_EVALUATIONS = 1000;
    public static final int DEFAULT_POPULATION = 30;
    public static final int DEFAULT_REGEVO_SAMPLE = 10;
    public static final long DEFAULT_SEED = 1;

    public SearchConfig {
        Objects.requireNonNull(space, "space");
        Objects.requireNonNull(graph, "graph");
        Objects.requireNonNull(accuracy, "accuracy");
        Objects.requireNonNull(measuring, "measuring");
        exitShares = exitShares == null ? null : List.copyOf(exitShares);
        latency = List.copyOf(latency);
        objectives = List.copyOf(objectives);
        budgets = List.copyOf(budgets);
        Objects.requireNonNull(algorithm, "algorithm");
        if (latency.isEmpty()) {
            throw new IllegalArgumentException("a search needs at least one device or latency table");
        }
        Set<String> devices = new LinkedHashSet<>();
        for (LatencySource l : latency) {
            if (!devices.add(l.device())) {
                throw new IllegalArgumentException("device '" + l.device() + "' is given twice");
            }
        }
        if (evaluations < 1) {
            throw new IllegalArgumentException("evaluations must be >= 1, but was " + evaluations);
        }
    }

    /** The defaults with {@code accuracy} and {@code latency} (which have none that fits every space). */
    public static Builder builder(AccuracySource accuracy, List<LatencySource> latency) {
        return new Builder(new SearchConfig("nb201", "", accuracy, null, latency, List.of(), List.of(), false, Algorithm.SAEA,
                DEFAULT_EVALUATIONS, DEFAULT_POPULATION, DEFAULT_REGEVO_SAMPLE, DEFAULT_SEED, Measuring.defaults()));
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    public JsonNode toJson() {
        return MAPPER.valueToTree(this);
    }

    /** @throws IllegalArgumentException naming what does not fit when {@code json} is not a search's configuration */
    public static SearchConfig fromJson(JsonNode json) {
        try {
            return MAPPER.treeToValue(json, SearchConfig.class);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new IllegalArgumentException("not a search configuration: " + e.getMessage(), e);
        }
    }

    /** The first field (in the order the manifest writes them) whose value differs in {@code now}. */
    public Optional<ConfigDiff.Difference> firstDifference(SearchConfig now) {
        return ConfigDiff.first(toJson(), now.toJson());
    }

    /** {@link DriftControl} by the word the command line takes ({@code on}, {@code off}), as the manifest writes it. */
    private abstract static class DriftControlWords {
        @JsonValue
        abstract String word();

        @JsonCreator
        static DriftControl parse(String word) {
            return DriftControl.parse(word);
        }
    }

    /** Every field settable, starting from a configuration. */
    public static final class Builder {
        private String space;
        private String graph;
        private AccuracySource accuracy;
        private List<Double> exitShares;
        private List<LatencySource> latency;
        private List<Metric> objectives;
        private List<Budget> budgets;
        private boolean noBudget;
        private Algorithm algorithm;
        private int evaluations;
        private int population;
        private int regevoSample;
        private long seed;
        private Measuring measuring;

        private Builder(SearchConfig c) {
            space = c.space;
            graph = c.graph;
            accuracy = c.accuracy;
            exitShares = c.exitShares;
            latency = new ArrayList<>(c.latency);
            objectives = new ArrayList<>(c.objectives);
            budgets = new ArrayList<>(c.budgets);
            noBudget = c.noBudget;
            algorithm = c.algorithm;
            evaluations = c.evaluations;
            population = c.population;
            regevoSample = c.regevoSample;
            seed = c.seed;
            measuring = c.measuring;
        }

        public Builder space(String s) {
            space = s;
            return this;
        }

        public Builder graph(String g) {
            graph = g;
            return this;
        }

        public Builder accuracy(AccuracySource a) {
            accuracy = a;
            return this;
        }

        public Builder exitShares(List<Double> s) {
            exitShares = s;
            return this;
        }

        public Builder latency(List<LatencySource> l) {
            latency = new ArrayList<>(l);
            return this;
        }

        public Builder objectives(List<Metric> o) {
            objectives = new ArrayList<>(o);
            return this;
        }

        public Builder budgets(List<Budget> b) {
            budgets = new ArrayList<>(b);
            return this;
        }

        public Builder noBudget(boolean n) {
            noBudget = n;
            return this;
        }

        public Builder algorithm(Algorithm a) {
            algorithm = a;
            return this;
        }

        public Builder evaluations(int n) {
            evaluations = n;
            return this;
        }

        public Builder population(int n) {
            population = n;
            return this;
        }

        public Builder regevoSample(int n) {
            regevoSample = n;
            return this;
        }

        public Builder seed(long s) {
            seed = s;
            return this;
        }

        public Builder measuring(Measuring m) {
            measuring = m;
            return this;
        }

        public SearchConfig build() {
            return new SearchConfig(space, graph, accuracy, exitShares, latency, objectives, budgets, noBudget,
                    algorithm, evaluations, population, regevoSample, seed, measuring);
        }
    }
}
