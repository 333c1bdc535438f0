package io.hwnas.cli.search;

import io.hwnas.cli.Spaces;
import io.hwnas.core.search.Algorithm;
import io.hwnas.core.search.Budget;
import io.hwnas.core.search.ConfiguredExitShares;
import io.hwnas.core.search.Metric;
import io.hwnas.core.search.config.AccuracySource;
import io.hwnas.core.search.config.LatencyMode;
import io.hwnas.core.search.config.SearchConfig;
import io.hwnas.core.space.EarlyExitSpace;
import io.hwnas.core.space.SearchSpace;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/**
 * What to search: the options of {@code search} that make its {@link SearchConfig}, checked here, where the user's
 * input enters, and named by their flags when they are wrong. Every field is null (or empty) until given, so that a
 * resumed run's configuration fills what is not given again ({@link #fillFrom}).
 */
final class SearchOptions {

    @Option(names = "--space", paramLabel = "S", description = "Search space (default: nb201).")
    String space;

    @Option(names = "--graph", paramLabel = "G", description = "Which of the space's graphs is measured and costed: "
            + "transformer's prefill (default) or decode (one token with the KV cache).")
    String graph;

    @Option(names = "--objective", paramLabel = "NAME", description = "Extra objective to minimise (repeatable): "
            + "params, flops, peak_memory_mb, model_size_mb, memory_mb.")
    List<String> objectives = new ArrayList<>();

    @Option(names = "--budget", paramLabel = "EXPR", description = "Hardware budget, a constraint (repeatable): "
            + "'latency_ms<=5', 'params<=1e6', 'cpu-1t:latency_ms<=3'. Default with measured devices: latency at "
            + "most the median of the warm-up sample on the first device.")
    List<String> budgets = new ArrayList<>();

    @Option(names = "--no-budget", description = "No default budget.")
    Boolean noBudget;

    @Option(names = "--evaluations", paramLabel = "N", description = "Distinct architectures to evaluate (default: "
            + SearchConfig.DEFAULT_EVALUATIONS + ").")
    Integer evaluations;

    @Option(names = "--algorithm", paramLabel = "A",
            description = "saea (surrogate-assisted evolution, the default), snsga2 (NSGA-II with surrogate-"
                    + "screened children), nsga2, nsga3 (three or more objectives), random or regevo.")
    String algorithm;

    @Option(names = "--population", paramLabel = "P", description = "Population (default: "
            + SearchConfig.DEFAULT_POPULATION + ").")
    Integer population;

    @Option(names = "--regevo-sample", paramLabel = "S", description = "Tournament size of regevo (default: "
            + SearchConfig.DEFAULT_REGEVO_SAMPLE + ").")
    Integer regevoSample;

    @Option(names = "--seed", paramLabel = "K", description = "Seed (default: " + SearchConfig.DEFAULT_SEED + ").")
    Long seed;

    @ArgGroup(exclusive = false, heading = "Accuracy:%n")
    AccuracyOptions accuracy = new AccuracyOptions();

    @ArgGroup(exclusive = false, heading = "Latency and measuring:%n")
    LatencyOptions latency = new LatencyOptions();

    String space() {
        return space != null ? space : "nb201";
    }

    /** The configuration these options give; the defaults for what they leave out. */
    SearchConfig toConfig() {
        SearchSpace s = Spaces.get(space());
        Optional<EarlyExitSpace> exits = EarlyExitSpace.of(s);
        List<Double> shares = checkExits(exits);
        LatencyMode mode = latency.mode(exits.isPresent() ? LatencyMode.MEASURED : null, "an early-exit space "
                + "measures each exit's path for every candidate (--latency measured); its expected latency is a "
                + "sum of real measurements");
        // An early-exit network that is not trained takes the accuracy of the network without its exits.
        String accuracySpace = exits.isPresent() && accuracy.trainDataset() == null ? exits.get().inner().name()
                : s.name();
        AccuracySource source = accuracy.source(accuracySpace, latency.archColumn());
        SearchConfig.Builder b = SearchConfig.builder(source, latency.sources(mode)).space(s.name())
                .graph(graph == null ? "" : graph).exitShares(shares);
        b.objectives(objectives.stream().map(SearchOptions::objective).toList());
        b.budgets(budgets.stream().map(Budget::parse).toList()).noBudget(noBudget != null && noBudget);
        b.algorithm(algorithm != null ? Algorithm.parse(algorithm) : Algorithm.SAEA);
        b.evaluations(positive(evaluations, SearchConfig.DEFAULT_EVALUATIONS, "--evaluations"));
        b.population(population != null ? population : SearchConfig.DEFAULT_POPULATION);
        b.regevoSample(regevoSample != null ? regevoSample : SearchConfig.DEFAULT_REGEVO_SAMPLE);
        b.seed(seed != null ? seed : SearchConfig.DEFAULT_SEED).measuring(latency.measuring());
        return b.build();
    }

    private static int positive(Integer given, int otherwise, String flag) {
        int v = given != null ? given : otherwise;
        if (v < 1) {
            throw new IllegalArgumentException(flag + " must be >= 1, but was " + v);
        }
        return v;
    }

    /**
     * An early-exit space measures every exit's path for every candidate (the expected latency is a sum of real
     * measurements) and needs its shares from training or from {@code --exit-shares}: the shares configured, or
     * null.
     */
    private List<Double> checkExits(Optional<EarlyExitSpace> exits) {
        if (exits.isEmpty()) {
            if (accuracy.exitShares != null) {
                throw new IllegalArgumentException("--exit-shares is for an early-exit space (nb201-ee, mbv3-ee), not "
                        + space());
            }
            return null;
        }
        String dataset = accuracy.trainDataset();
        if (dataset != null && accuracy.exitShares != null) {
            throw new IllegalArgumentException("--exit-shares: with --accuracy " + accuracy.accuracy + " each "
                    + "candidate's shares are measured on the validation split (its thresholds' policy); give one or "
                    + "the other");
        }
        if (dataset == null && accuracy.exitShares == null) {
            throw new IllegalArgumentException("space " + space() + " needs to know where inputs leave: --accuracy "
                    + "train:mnist (or train:digits) measures it for each candidate's thresholds on the validation "
                    + "split, or --exit-shares S,.. (one per exit " + exits.get().exits() + " and the final classifier) "
                    + "configures it");
        }
        if (accuracy.finalEpochs != null) {
            throw new IllegalArgumentException("--final-epochs is not supported with an early-exit space yet: the "
                    + "longer training would change the shares, and so the expected latency");
        }
        if (latency.latencyTable != null) {
            throw new IllegalArgumentException("--latency-table: a published table has no latencies of each exit's "
                    + "path; an early-exit space measures them (--device)");
        }
        List<Double> shares = accuracy.exitShares();
        if (shares != null) {
            try {
                ConfiguredExitShares.of(exits.get(), shares);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--exit-shares " + accuracy.exitShares + ": " + e.getMessage(), e);
            }
        }
        return shares;
    }

    private static Metric objective(String name) {
        Metric m;
        try {
            m = Metric.parse(name);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown objective '" + name + "'; known: params, flops, "
                    + "peak_memory_mb, model_size_mb, memory_mb (accuracy and latency are always objectives)");
        }
        if (!m.fromGraph()) {
            throw new IllegalArgumentException("--objective " + name + ": accuracy and latency are always "
                    + "objectives; extra ones are params, flops, peak_memory_mb, model_size_mb, memory_mb");
        }
        return m;
    }

    /** Sets what is not given from a run's configuration. */
    void fillFrom(SearchConfig c) {
        space = space != null ? space : c.space();
        graph = graph != null ? graph : c.graph().isEmpty() ? null : c.graph();
        if (objectives.isEmpty()) {
            c.objectives().forEach(o -> objectives.add(o.key()));
        }
        if (budgets.isEmpty()) {
            c.budgets().forEach(x -> budgets.add(x.toString()));
        }
        noBudget = noBudget != null ? noBudget : c.noBudget();
        evaluations = evaluations != null ? evaluations : c.evaluations();
        algorithm = algorithm != null ? algorithm : c.algorithm().key();
        population = population != null ? population : c.population();
        regevoSample = regevoSample != null ? regevoSample : c.regevoSample();
        seed = seed != null ? seed : c.seed();
        accuracy.fillFrom(c.accuracy(), c.exitShares());
        latency.fillFrom(c.latency(), c.measuring());
    }
}
