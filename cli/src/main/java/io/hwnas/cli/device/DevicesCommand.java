package io.hwnas.cli.device;

import picocli.CommandLine.Mixin;
import io.hwnas.cli.DeviceDirsOption;
import io.hwnas.cli.JsonOption;
import io.hwnas.cli.Errors;
import io.hwnas.cli.Json;
import io.hwnas.cli.Spaces;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hwnas.core.measure.Measurement;
import io.hwnas.core.measure.MeasurementPlan;
import io.hwnas.core.measure.ModelRun;
import io.hwnas.core.onnx.ExportedModel;
import io.hwnas.core.space.SearchSpace;
import io.hwnas.devices.json.ConfiguredProfile;
import io.hwnas.devices.json.DeviceProfiles;
import io.hwnas.devices.registry.DeviceRegistry;
import io.hwnas.devices.remote.TokenFile;
import io.hwnas.devices.spi.Availability;
import io.hwnas.devices.spi.DeviceProfile;
import io.hwnas.profilers.ort.OrtProfiler;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Device profiles: which there are, what one says, whether a file is a valid one, whether one works here. */
@Command(name = "devices", mixinStandardHelpOptions = true,
        description = {"Device profiles: built-ins (cpu, cpu-1t, cuda, spec-sheet edge chips), JSON files in "
                + "$HWNAS_HOME/devices/ and --device-dir, and plugins found with ServiceLoader."},
        subcommands = {DevicesCommand.ListDevices.class, DevicesCommand.Show.class, DevicesCommand.Validate.class,
            DevicesCommand.Check.class})
public final class DevicesCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Every device profile, with whether it "
            + "can be used here and, if not, why.")
    static final class ListDevices implements Callable<Integer> {
        @Mixin
        DeviceDirsOption dirs;

        @Mixin
        JsonOption json;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            List<DeviceProfile> all = dirs.registry().profiles();
            if (json.on()) {
                ObjectNode o = Json.object();
                ArrayNode a = o.putArray("devices");
                for (DeviceProfile p : all) {
                    Availability av = p.availability();
                    a.addObject().put("id", p.id()).put("name", p.name()).put("kind", lower(p.kind().name()))
                            .put("method", p.method().key()).put("threads", p.settings().intraOpThreads())
                            .put("available", av.available()).put("reason", av.reason());
                }
                out.println(Json.line(o));
            } else {
                out.printf("%-14s %-4s %-7s %7s  %-9s %s%n", "id", "kind", "method", "threads", "available", "name");
                for (DeviceProfile p : all) {
                    Availability av = p.availability();
                    out.printf("%-14s %-4s %-7s %7d  %-9s %s%s%n", p.id(), lower(p.kind().name()), p.method().key(),
                            p.settings().intraOpThreads(), av.available() ? "yes" : "no", p.name(),
                            av.available() ? "" : "\n" + " ".repeat(15) + "(" + av.reason() + ")");
                }
            }
            out.flush();
            return 0;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "One profile in the JSON file format, with its availability.")
    static final class Show implements Callable<Integer> {
        @Parameters(paramLabel = "ID", description = "Device id.")
        String id;

        @Mixin
        DeviceDirsOption dirs;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            DeviceProfile p = dirs.registry().get(id);
            PrintWriter out = spec.commandLine().getOut();
            out.println(DeviceProfiles.toJson(p));
            Availability av = p.availability();
            out.println(av.available() ? "available here" : "not available here: " + av.reason());
            if (p instanceof ConfiguredProfile c) {
                out.println("from: " + c.origin());
            }
            out.flush();
            return 0;
        }
    }

    @Command(name = "validate", mixinStandardHelpOptions = true,
            description = "Check JSON device profiles; an error names the file and the field. An id of a built-in "
                    + "device (or of its thread variants, cpu-4t) and an id two files share are refused.")
    static final class Validate implements Callable<Integer> {
        @Parameters(paramLabel = "FILE", arity = "1..*", description = "Profile files.")
        List<Path> files;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            Map<String, Path> seen = new HashMap<>();
            for (Path f : files) {
                ConfiguredProfile p = DeviceRegistry.readUserProfile(f);
                Path before = seen.putIfAbsent(p.id(), f);
                if (before != null) {
                    throw new IllegalArgumentException(f + " /id: '" + p.id() + "' is also the id of " + before
                            + "; one id is one device");
                }
                TokenFile.checkNamedBy(f, p.remote(), p.adb())
                        .ifPresent(w -> spec.commandLine().getErr().println("hwnas: warning: " + f + ": " + w));
                out.printf("%s: valid, device '%s' (%s, %s)%n", f, p.id(), lower(p.kind().name()), p.method().key());
            }
            out.flush();
            return 0;
        }
    }

    @Command(name = "check", mixinStandardHelpOptions = true, description = "Whether a device can be used here, "
            + "and a short sanity measurement on it (a small NAS-Bench-201 network).")
    public static final class Check implements Callable<Integer> {
        /** The all-skip cell: a network small enough to measure in well under a second anywhere. */
        public static final String SANITY_ARCH =
                "|skip_connect~0|+|skip_connect~0|skip_connect~1|+|skip_connect~0|skip_connect~1|skip_connect~2|";

        @Parameters(paramLabel = "ID", description = "Device id.")
        String id;

        @Mixin
        DeviceDirsOption dirs;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            DeviceProfile p = dirs.registry().get(id);
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            Availability av = p.availability();
            if (!av.available()) {
                err.println("hwnas: device " + id + " is not available here: " + av.reason());
                return Errors.FAILED;
            }
            SearchSpace s = Spaces.get("nb201");
            ExportedModel model = ExportedModel.export(s, s.decode(SANITY_ARCH), ExportedModel.DEFAULT_WEIGHTS_SEED);
            Path dir = Files.createTempDirectory("hwnas-check");
            Path file = dir.resolve("sanity.onnx");
            try {
                model.write(file);
                MeasurementPlan plan = MeasurementPlan.builder().warmupRuns(3).minRuns(10).maxRuns(50)
                        .targetRelativeError(0.02).budget(Duration.ofSeconds(5)).build();
                Measurement m = p.runner(new OrtProfiler()).measure(ModelRun.of(file, plan).labelled(s.name(),
                        SANITY_ARCH));
                out.printf(Locale.ROOT, "%s: available; a small nb201 network runs in %.3f ms (median of %d runs, "
                        + "ONNX Runtime %s, intra-op threads: %d)%n", id, m.stats().medianMs(), m.samplesMs().size(),
                        m.ortVersion(), m.settings().intraOpThreads());
            } finally {
                Files.deleteIfExists(file);
                Files.deleteIfExists(dir);
            }
            out.flush();
            return 0;
        }
    }

    private static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
