package io.hwnas.cli.predictor;

import io.hwnas.cli.DatabaseOption;
import io.hwnas.cli.DeviceDirsOption;
import io.hwnas.cli.Devices;
import io.hwnas.cli.JsonOption;
import io.hwnas.cli.SeedOption;
import io.hwnas.cli.SpaceOption;
import io.hwnas.core.space.SearchSpace;
import io.hwnas.devices.registry.DeviceRegistry;
import io.hwnas.devices.spi.DeviceProfile;
import io.hwnas.predictors.data.LatencyDataset;
import io.hwnas.predictors.data.LatencyTable;
import io.hwnas.predictors.data.MeasurementDatasets;
import io.hwnas.predictors.transfer.SpecSheet;
import io.hwnas.predictors.transfer.SpecTransfer;
import io.hwnas.predictors.transfer.SpecTransferComparison;
import io.hwnas.predictors.transfer.SpecTransferPredictor;
import io.hwnas.profilers.store.SqliteMeasurementStore;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "spec-transfer", mixinStandardHelpOptions = true,
        description = {"Spec-sheet transfer, evaluated: fit on K measurements of a reference device, carry the fit "
                + "to a target device with both spec sheets, and score it on every target row beside the raw "
                + "roofline of the target's spec and that roofline calibrated by one scale on the same K "
                + "reference rows.",
            "Latencies come from a table (--table with --reference-column and --target-column) or from the "
                + "measurement database (the devices' own measurements). The spec sheets come from the device "
                + "profiles (--device-dir for your own)."})
final class SpecTransferCommand implements Callable<Integer> {

    @Mixin
    SpaceOption space;

    @Option(names = "--table", paramLabel = "F", description = "CSV of latencies in ms (else the database).")
    Path table;

    @Option(names = "--arch-column", paramLabel = "C", description = "Architecture column of --table (default: "
            + "${DEFAULT-VALUE}).")
    String archColumn = "arch_str";

    @Option(names = "--reference-column", paramLabel = "R", description = "The reference's column of --table.")
    String referenceColumn;

    @Option(names = "--target-column", paramLabel = "T", description = "The target's column of --table "
            + "(repeatable, one per --target-device, in the same order).")
    List<String> targetColumns = new ArrayList<>();

    @Option(names = "--reference-device", required = true, paramLabel = "ID",
            description = "The reference's device profile (its spec; its measurements without --table).")
    String referenceDevice;

    @Option(names = "--target-device", required = true, paramLabel = "ID", description = "The target's device "
            + "profile (its spec; its measurements without --table). Repeatable: each target is compared with "
            + "the same reference rows.")
    List<String> targetDevices = new ArrayList<>();

    @Mixin
    DeviceDirsOption deviceDirs = new DeviceDirsOption();

    @Option(names = "--samples", paramLabel = "K", description = "Reference rows to fit on (default: "
            + "${DEFAULT-VALUE}).")
    int samples = 20;

    @Mixin
    DuplicatesOption duplicates = new DuplicatesOption();

    @Mixin
    SeedOption seed = new SeedOption();

    @Mixin
    JsonOption json;

    @Mixin
    DatabaseOption database;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        SearchSpace s = space.get();
        DeviceRegistry registry = deviceDirs.registry();
        DeviceProfile ref = registry.get(referenceDevice);
        SpecSheet refSheet = sheet(ref);
        List<DeviceProfile> targets = targetDevices.stream().map(registry::get).toList();
        List<LatencyDataset> rows = rows(s, ref, targets);
        LatencyDataset refRows = rows.get(0);
        SpecTransfer.GraphCosts costs = new SpecTransfer.GraphCosts(s, 1 << 16);
        PrintWriter out = spec.commandLine().getOut();
        for (int i = 0; i < targets.size(); i++) {
            DeviceProfile tgt = targets.get(i);
            SpecSheet tgtSheet = sheet(tgt);
            SpecTransferComparison c = SpecTransfer.builder().space(s).reference(refSheet).target(tgtSheet)
                    .costs(costs).build().compare(refRows, rows.get(i + 1), samples, seed.get());
            if (json.on()) {
                out.println(PredictorJson.line(json(s, c, PredictorJson.Device.of(ref.id(), refRows, refSheet),
                        PredictorJson.Device.of(tgt.id(), rows.get(i + 1), tgtSheet))));
            } else {
                print(out, s, c, ref.id(), refRows, tgt.id(), rows.get(i + 1));
            }
        }
        out.flush();
        return 0;
    }

    /** The reference's rows, then each target's: from {@code --table}, else from the measurement database. */
    private List<LatencyDataset> rows(SearchSpace s, DeviceProfile ref, List<DeviceProfile> targets)
            throws Exception {
        List<LatencyDataset> rows = new ArrayList<>();
        if (table != null) {
            if (referenceColumn == null || targetColumns.size() != targetDevices.size()) {
                throw new IllegalArgumentException("--table needs --reference-column and one --target-column per "
                        + "--target-device (" + targetDevices.size() + " devices, " + targetColumns.size()
                        + " columns)");
            }
            LatencyTable t = LatencyTable.read(LatencyData.existing(table), s, archColumn, duplicates.get());
            rows.add(t.dataset(referenceColumn));
            targetColumns.forEach(c -> rows.add(t.dataset(c)));
            return rows;
        }
        duplicates.requireTable(false);
        if (referenceColumn != null || !targetColumns.isEmpty()) {
            throw new IllegalArgumentException("--reference-column and --target-column are read only with "
                    + "--table; without it the devices' measurements come from the database");
        }
        try (SqliteMeasurementStore store = database.openExisting()) {
            rows.add(MeasurementDatasets.fromStore(store, s, ref.id()));
            for (DeviceProfile d : targets) {
                rows.add(MeasurementDatasets.fromStore(store, s, d.id()));
            }
        }
        return rows;
    }

    private PredictorJson.SpecTransfer json(SearchSpace s, SpecTransferComparison c, PredictorJson.Device ref,
            PredictorJson.Device tgt) {
        SpecTransferPredictor p = c.transfer();
        PredictorJson.Fit fit = new PredictorJson.Fit(p.intercept(), p.computeWeight(), p.memoryWeight(),
                p.perOperatorMs(), p.overheadScale(), c.calibrationScale());
        List<PredictorJson.Scored> results = c.scored().stream().map(x -> PredictorJson.Scored.of(x.method(),
                x.metrics(), x.medianRatio())).toList();
        return new PredictorJson.SpecTransfer(s.name(), ref, tgt, samples, seed.get(), fit, results, c.sampled());
    }

    private void print(PrintWriter out, SearchSpace s, SpecTransferComparison c, String refId, LatencyDataset refRows,
            String tgtId, LatencyDataset tgtRows) {
        out.printf(Locale.ROOT, "%s -> %s on %s: fitted on %d of %d reference rows (seed %d), scored on %d "
                + "target rows%n", refId, tgtId, s.name(), samples, refRows.size(), seed.get(), tgtRows.size());
        out.printf(Locale.ROOT, "  fit: %s%n", c.transfer().describe());
        out.printf(Locale.ROOT, "  %-38s %8s %9s %10s %13s%n", "", "MAPE", "Spearman", "within 10%", "median ratio");
        for (SpecTransferComparison.Scored x : c.scored()) {
            out.printf(Locale.ROOT, "  %-38s %7.1f%% %9.3f %10.3f %13.3f%n", x.method(), 100 * x.metrics().mape(),
                    x.metrics().spearman(), x.metrics().within10(), x.medianRatio());
        }
    }

    private static SpecSheet sheet(DeviceProfile d) {
        return Devices.specSheet(d, d.spec().orElseThrow(() -> new IllegalArgumentException("device " + d.id()
                + " states no spec-sheet figures (peak GFLOP/s and memory bandwidth); give it a JSON profile with a "
                + "spec (see bench/devices/)")));
    }
}
