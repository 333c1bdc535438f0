package io.hwnas.cli.search;

import io.hwnas.cli.PlanOptions;
import io.hwnas.core.measure.drift.DriftControl;
import io.hwnas.core.search.config.LatencyMode;
import io.hwnas.core.search.config.LatencySource;
import io.hwnas.core.search.config.Measuring;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/**
 * Where each device's latency comes from and how the search measures. Every field is null (or empty) until given,
 * so that a resumed run's configuration fills what is not ({@link #fillFrom}).
 */
final class LatencyOptions {

    static final String DEFAULT_DEVICE = "cpu-1t";
    static final String DEFAULT_ARCH_COLUMN = "arch_str";

    @Option(names = "--arch-column", paramLabel = "C",
            description = "Architecture column of the tables (default: " + DEFAULT_ARCH_COLUMN + ").")
    String archColumn;

    @Option(names = "--device", paramLabel = "ID", description = "Device to measure on (repeatable; default "
            + "cpu-1t when no --latency-table is given).")
    List<String> devices = new ArrayList<>();

    @Option(names = "--device-dir", paramLabel = "DIR", description = "A folder of JSON device profiles, besides "
            + "$HWNAS_HOME/devices (repeatable).")
    List<Path> deviceDirs = new ArrayList<>();

    @Option(names = "--latency", paramLabel = "MODE", description = "How device latency is known: loop (a predictor "
            + "trained on measurements, the candidates on or near the front and budget measured each generation), "
            + "measured (every candidate measured), predicted (a saved predictor, --predictor-model). Default: loop.")
    String latencyMode;

    @Option(names = "--predictor", paramLabel = "SPEC",
            description = "Predictor in the loop (default: " + Measuring.DEFAULT_PREDICTOR + ").")
    String predictor;

    @Option(names = "--predictor-model", paramLabel = "F",
            description = "Saved predictor for --latency predicted, one per --device, in the same order.")
    List<Path> predictorModels = new ArrayList<>();

    @Option(names = "--warmup-samples", paramLabel = "N", description = "Random architectures measured before the "
            + "search to train the first predictor (default: " + Measuring.DEFAULT_WARMUP_SAMPLES + ").")
    Integer warmupSamples;

    @Option(names = "--measure-per-generation", paramLabel = "K", description = "Candidates measured for real "
            + "each generation in loop mode (default: " + Measuring.DEFAULT_MEASURE_PER_GENERATION + ").")
    Integer measurePerGeneration;

    @Option(names = "--spec-reference", paramLabel = "ID", description = "For a spec-sheet device (method spec, "
            + "e.g. rpi5): the measured device whose --warmup-samples measurements (and, when it is one of --device, "
            + "every measurement the search takes on it) are carried over with both spec sheets; none: the raw "
            + "roofline of the spec sheet (default: " + Measuring.DEFAULT_SPEC_REFERENCE + ").")
    String specReference;

    @Option(names = "--latency-table", paramLabel = "F", description = "CSV of published latencies in ms.")
    Path latencyTable;

    @Option(names = "--latency-column", paramLabel = "L",
            description = "Latency column of --latency-table (repeatable: one device each).")
    List<String> latencyColumns = new ArrayList<>();

    @Option(names = "--weights-seed", paramLabel = "K", description = "Seed of the measured models' random "
            + "weights (default: 0).")
    Long weightsSeed;

    @Option(names = "--drift-control", paramLabel = "on|off", description = "Time each measured model beside the "
            + "device's reference model and use the latency corrected for the machine's speed at that moment in "
            + "budgets, the predictor's refits and the front, logging the speed in speed.csv (on, the default), or "
            + "use raw medians (off).")
    String driftControl;

    @ArgGroup(exclusive = false, heading = "Measurement plan:%n")
    PlanOptions plan = new PlanOptions();

    String archColumn() {
        return archColumn != null ? archColumn : DEFAULT_ARCH_COLUMN;
    }

    /** The latency mode, {@code forced} when the space allows only one (null: any). */
    LatencyMode mode(LatencyMode forced, String why) {
        LatencyMode given = latencyMode == null ? null : parseMode(latencyMode);
        if (forced != null && given != null && given != forced) {
            throw new IllegalArgumentException("--latency " + latencyMode + ": " + why);
        }
        return forced != null ? forced : given != null ? given : LatencyMode.LOOP;
    }

    private static LatencyMode parseMode(String s) {
        try {
            return LatencyMode.parse(s);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown --latency '" + s + "'; known: loop, measured, predicted");
        }
    }

    /** The devices measured (cpu-1t when neither a device nor a table is given), then the table's columns. */
    List<LatencySource> sources(LatencyMode mode) {
        if (latencyTable == null && !latencyColumns.isEmpty()) {
            throw new IllegalArgumentException("--latency-column needs --latency-table");
        }
        if (latencyTable != null && latencyColumns.isEmpty()) {
            throw new IllegalArgumentException("--latency-table needs at least one --latency-column");
        }
        List<String> ids = new ArrayList<>(devices);
        if (ids.isEmpty() && latencyTable == null) {
            ids.add(DEFAULT_DEVICE);
        }
        if (mode == LatencyMode.PREDICTED && predictorModels.size() != Math.max(devices.size(), 1)) {
            throw new IllegalArgumentException("--latency predicted needs one --predictor-model per --device ("
                    + devices.size() + " devices, " + predictorModels.size() + " models)");
        }
        List<LatencySource> out = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            String model = mode == LatencyMode.PREDICTED ? predictorModels.get(i).toAbsolutePath().toString() : null;
            out.add(new LatencySource.Device(ids.get(i), mode, model));
        }
        for (String c : latencyColumns) {
            out.add(new LatencySource.Table(latencyTable.toAbsolutePath().toString(), c, archColumn()));
        }
        return out;
    }

    Measuring measuring() {
        int samples = warmupSamples != null ? warmupSamples : Measuring.DEFAULT_WARMUP_SAMPLES;
        if (samples < 3) {
            throw new IllegalArgumentException("--warmup-samples must be >= 3, but was " + samples);
        }
        int perGeneration = measurePerGeneration != null ? measurePerGeneration
                : Measuring.DEFAULT_MEASURE_PER_GENERATION;
        if (perGeneration < 0) {
            throw new IllegalArgumentException("--measure-per-generation must be >= 0, but was " + perGeneration);
        }
        return new Measuring(predictor != null ? predictor : Measuring.DEFAULT_PREDICTOR, samples, perGeneration,
                Measuring.Plan.of(plan.plan()), weightsSeed != null ? weightsSeed : 0,
                specReference != null ? specReference : Measuring.DEFAULT_SPEC_REFERENCE,
                deviceDirs.stream().map(p -> p.toAbsolutePath().toString()).toList(),
                driftControl != null ? DriftControl.parse(driftControl) : DriftControl.ON);
    }

    /** Sets what is not given from a run's configuration. */
    void fillFrom(List<LatencySource> sources, Measuring m) {
        List<LatencySource.Device> devs = sources.stream().filter(LatencySource.Device.class::isInstance)
                .map(LatencySource.Device.class::cast).toList();
        List<LatencySource.Table> tables = sources.stream().filter(LatencySource.Table.class::isInstance)
                .map(LatencySource.Table.class::cast).toList();
        if (devices.isEmpty() && latencyColumns.isEmpty() && latencyTable == null) {
            devs.forEach(d -> devices.add(d.id()));
            tables.forEach(t -> latencyColumns.add(t.column()));
            latencyTable = tables.isEmpty() ? null : Path.of(tables.get(0).file());
        }
        if (latencyMode == null && !devs.isEmpty()) {
            latencyMode = devs.get(0).mode().key();
        }
        if (predictorModels.isEmpty()) {
            devs.stream().filter(d -> d.predictorModel() != null).forEach(d -> predictorModels.add(
                    Path.of(d.predictorModel())));
        }
        if (archColumn == null && !tables.isEmpty()) {
            archColumn = tables.get(0).archColumn();
        }
        predictor = predictor != null ? predictor : m.predictor();
        warmupSamples = warmupSamples != null ? warmupSamples : m.warmupSamples();
        measurePerGeneration = measurePerGeneration != null ? measurePerGeneration : m.measurePerGeneration();
        weightsSeed = weightsSeed != null ? weightsSeed : m.weightsSeed();
        specReference = specReference != null ? specReference : m.specReference();
        driftControl = driftControl != null ? driftControl : m.driftControl().word();
        if (deviceDirs.isEmpty()) {
            m.deviceDirs().forEach(d -> deviceDirs.add(Path.of(d)));
        }
        plan.fillFrom(m.plan().plan());
    }
}
