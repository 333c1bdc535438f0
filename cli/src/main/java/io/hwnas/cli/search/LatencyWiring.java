package io.hwnas.cli.search;

import io.hwnas.cli.DeviceOptions;
import io.hwnas.core.stats.Stats;
import io.hwnas.cli.DeviceMeasurer;
import io.hwnas.profilers.measure.CachingMeasurer;
import io.hwnas.cli.Devices;
import io.hwnas.cli.Progress;
import io.hwnas.cli.Spaces;
import io.hwnas.cli.Predictors;
import io.hwnas.core.measure.MeasurementStoreException;
import io.hwnas.core.measure.drift.DriftControl;
import io.hwnas.core.search.Budget;
import io.hwnas.core.search.ExitShares;
import io.hwnas.core.search.ExpectedLatencyOracle;
import io.hwnas.core.search.LatencyOracle;
import io.hwnas.core.search.Metric;
import io.hwnas.core.search.SpeedLog;
import io.hwnas.core.search.TableOracles;
import io.hwnas.core.search.config.LatencyMode;
import io.hwnas.core.search.config.LatencySource;
import io.hwnas.core.search.config.Measuring;
import io.hwnas.core.search.config.SearchConfig;
import io.hwnas.core.space.Architecture;
import io.hwnas.core.space.EarlyExitSpace;
import io.hwnas.core.space.SearchSpace;
import io.hwnas.core.table.ArchTable;
import io.hwnas.devices.registry.DeviceRegistry;
import io.hwnas.devices.spi.DeviceProfile;
import io.hwnas.devices.spi.MeasuringMethod;
import io.hwnas.predictors.data.LatencyRecord;
import io.hwnas.core.search.MeasuredOracle;
import io.hwnas.predictors.loop.PredictedOracle;
import io.hwnas.predictors.loop.PredictorInLoopOracle;
import io.hwnas.predictors.store.LoadedPredictor;
import io.hwnas.predictors.store.PredictorStore;
import io.hwnas.profilers.ort.OrtProfiler;
import io.hwnas.profilers.store.SqliteMeasurementStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The latency oracles a configuration names, in its order: each device measured here or through its agent (a
 * predictor in the loop, every candidate measured, or a saved predictor), each spec sheet (transferred from a
 * measured reference, or its roofline; see {@link SpecSheets}), each table column. It holds what they measure with
 * (the database, ONNX Runtime, a scratch folder for models) until closed.
 */
final class LatencyWiring implements AutoCloseable {

    /** Every profile measured in this process runs on this machine: one queue, so they never overlap. */
    private static final String LOCAL_QUEUE = "this-machine";

    private final SearchConfig config;
    private final SearchSpace space;
    private final EarlyExitSpace exits;
    private final PrintWriter err;
    private final Measuring measuring;
    private final DeviceRegistry registry;
    private final Path scratch;
    private final SqliteMeasurementStore store;
    private final OrtProfiler profiler;
    private final Map<String, Double> warmupMedians = new LinkedHashMap<>();
    private final List<CachingMeasurer> measurers = new ArrayList<>();
    private final Map<String, PredictorInLoopOracle> loops = new LinkedHashMap<>();
    private final SpecSheets specs;
    private final SpeedLog speed;

    /**
     * @param database opens the measurement database, asked only when something is measured
     * @param speed    where each measurement taken or found is logged when drift control is on
     */
    LatencyWiring(SearchConfig config, SearchSpace space, PrintWriter err, Opener database, SpeedLog speed)
            throws IOException, MeasurementStoreException {
        this.config = config;
        this.speed = speed;
        this.space = space;
        this.exits = EarlyExitSpace.of(space).orElse(null);
        this.err = err;
        this.measuring = config.measuring();
        List<LatencySource.Device> devices = devices();
        // Profiles are read only when devices are asked for: a table-only search does not depend on them.
        this.registry = devices.isEmpty() ? null : Devices.registry(dirs());
        boolean anySpec = devices.stream().anyMatch(d -> profile(d).method() == MeasuringMethod.SPEC);
        DeviceProfile reference = anySpec ? SpecSheets.reference(registry, measuring.specReference()) : null;
        boolean measures = reference != null || devices.stream().anyMatch(d -> d.mode() != LatencyMode.PREDICTED
                && profile(d).method() != MeasuringMethod.SPEC);
        this.scratch = Files.createTempDirectory("hwnas-search");
        try {
            this.store = measures ? database.open() : null;
        } catch (MeasurementStoreException | RuntimeException e) {
            CachingMeasurer.deleteScratch(scratch);
            throw e;
        }
        this.profiler = store == null ? null : new OrtProfiler();
        this.specs = new SpecSheets(space, config, reference, this::measurer, err);
    }

    /** Opens the measurement database. */
    interface Opener {
        SqliteMeasurementStore open() throws MeasurementStoreException;
    }

    private List<LatencySource.Device> devices() {
        return config.latency().stream().filter(LatencySource.Device.class::isInstance)
                .map(LatencySource.Device.class::cast).toList();
    }

    private DeviceProfile profile(LatencySource.Device d) {
        return registry.get(d.id());
    }

    /** The oracles in the configuration's order; the measured devices are set up first, then the spec sheets. */
    List<LatencyOracle> oracles(ExitShares shares) throws IOException {
        List<LatencySource> sources = config.latency();
        LatencyOracle[] oracles = new LatencyOracle[sources.size()];
        for (int i = 0; i < sources.size(); i++) {
            if (sources.get(i) instanceof LatencySource.Device d && profile(d).method() != MeasuringMethod.SPEC) {
                oracles[i] = deviceOracle(d, shares);
                if (oracles[i] instanceof PredictorInLoopOracle loop) {
                    loops.put(d.id(), loop);
                }
            }
        }
        ArchTable table = null;
        for (int i = 0; i < sources.size(); i++) {
            if (sources.get(i) instanceof LatencySource.Device d && profile(d).method() == MeasuringMethod.SPEC) {
                oracles[i] = specs.oracle(profile(d), loops);
            } else if (sources.get(i) instanceof LatencySource.Table t) {
                table = table != null ? table : ArchTable.read(Path.of(t.file()), space, t.archColumn());
                oracles[i] = TableOracles.latency(table, t.column());
            }
        }
        return List.of(oracles);
    }

    private LatencyOracle deviceOracle(LatencySource.Device d, ExitShares shares) throws IOException {
        DeviceProfile device = profile(d);
        // This machine's profiles share one measuring queue; each remote device is a queue of its own.
        String queue = device.method() == MeasuringMethod.LOCAL ? LOCAL_QUEUE : device.id();
        DeviceOptions.usable(device);
        if (d.mode() == LatencyMode.PREDICTED) {
            LoadedPredictor p = PredictorStore.load(Path.of(d.predictorModel()), Predictors.context(space,
                    config.seed(), dirs()), Predictors.registry()::get);
            return new PredictedOracle(device.id(), p.predictor(), "saved predictor " + d.predictorModel());
        }
        CachingMeasurer m = measurer(device);
        measurers.add(m);
        List<Architecture> warm = Spaces.sampleDistinct(space, measuring.warmupSamples(), config.seed());
        if (d.mode() == LatencyMode.MEASURED) {
            List<Double> ms = warmUp(m, warm, "warm-up on " + device.id(), err).stream()
                    .map(LatencyRecord::latencyMs).toList();
            if (ms.isEmpty()) {
                throw new IllegalStateException("no warm-up measurement on " + device.id() + " succeeded");
            }
            warmupMedians.put(device.id(), Stats.median(ms));
            if (exits != null) {
                // Every exit's path and the whole network, measured for every candidate, weighed by its shares.
                return new ExpectedLatencyOracle(device.id(), exits, m, shares, queue);
            }
            return new MeasuredOracle(device.id(), m, queue);
        }
        PredictorInLoopOracle o;
        try (Progress p = Progress.create("warm-up on " + device.id(), warm.size(), err)) {
            m.onMeasured(p::step);
            o = PredictorInLoopOracle.start(device.id(), space, measuring.predictor(), Predictors.registry().trainer(
                    measuring.predictor(), Predictors.context(space, config.seed(), dirs(),
                            measuring.driftControl(), store.file(), err)), m, warm);
        }
        m.onMeasured(x -> {});
        warmupMedians.put(device.id(), Stats.median(o.warmupLatencies()));
        return o.inQueue(queue);
    }

    /** The folders of device profiles the configuration names. */
    private List<Path> dirs() {
        return measuring.deviceDirs().stream().map(Path::of).toList();
    }

    /**
     * The measurer of {@code device}; with drift control on it answers corrected latencies (so the budgets, the
     * predictor's refits and the front use them) and logs every measurement it takes or finds.
     */
    private CachingMeasurer measurer(DeviceProfile device) {
        DriftControl drift = measuring.driftControl();
        CachingMeasurer m = DeviceMeasurer.of(space, device, profiler, store, measuring.plan().plan(),
                measuring.weightsSeed(), scratch, drift, err);
        if (drift.on()) {
            m.onMeasurement(speed.of(device.id()));
        }
        return m;
    }

    /** Measures {@code warm} on {@code m} with a progress bar: the measurements that succeeded, in order. */
    static List<LatencyRecord> warmUp(CachingMeasurer m, List<Architecture> warm, String label, PrintWriter err) {
        List<LatencyRecord> records = new ArrayList<>();
        try (Progress p = Progress.create(label, warm.size(), err)) {
            m.onMeasured(p::step);
            for (Architecture a : warm) {
                m.measure(a).ifPresent(ms -> records.add(new LatencyRecord(a, ms)));
            }
        }
        m.onMeasured(x -> {});
        return records;
    }

    /**
     * With measured devices and no budget (and not {@code noBudget}): latency at most the median of the first
     * measured device's warm-up sample, with a note that says so. An early-exit network's warm-up measures its
     * whole network: the budget is on the worst case.
     */
    Optional<Budget> defaultBudget() {
        if (!config.budgets().isEmpty() || config.noBudget() || warmupMedians.isEmpty()) {
            return Optional.empty();
        }
        Map.Entry<String, Double> first = warmupMedians.entrySet().iterator().next();
        return Optional.of(new Budget(first.getKey(), exits != null ? Metric.WORST_LATENCY_MS : Metric.LATENCY_MS,
                Budget.Comparison.AT_MOST, Math.round(first.getValue() * 1000) / 1000.0));
    }

    /** Why {@link #defaultBudget} chose its bound, for the user. */
    String defaultBudgetNote(Budget auto) {
        return auto + " (the median latency of the " + measuring.warmupSamples() + " warm-up architectures"
                + (exits != null ? "' whole networks" : "") + "; --budget sets your own, --no-budget none)";
    }

    /** The ONNX Runtime that measures, when something is measured here. */
    Optional<String> ortVersion() {
        return profiler == null ? Optional.empty() : Optional.of(profiler.ortVersion());
    }

    /** The measurers of the search's measured devices. */
    List<CachingMeasurer> deviceMeasurers() {
        return List.copyOf(measurers);
    }

    /** The measurers of spec sheets' references that are not devices of the search. */
    List<CachingMeasurer> referenceMeasurers() {
        return specs.referenceMeasurers();
    }

    @Override
    public void close() throws IOException, MeasurementStoreException {
        try {
            if (store != null) {
                store.close();
            }
        } finally {
            CachingMeasurer.deleteScratch(scratch);
        }
    }
}
