package io.hwnas.cli;

import io.hwnas.core.measure.DeviceSettings;
import io.hwnas.core.measure.Measurement;
import io.hwnas.core.measure.MeasurementKey;
import io.hwnas.core.measure.MeasurementPlan;
import io.hwnas.devices.remote.AgentClient;
import io.hwnas.devices.remote.AgentException;
import io.hwnas.devices.remote.AgentInfo;
import io.hwnas.devices.spi.AdbTarget;
import io.hwnas.devices.spi.DeviceProfile;
import io.hwnas.devices.spi.MeasuringMethod;
import io.hwnas.devices.spi.RemoteTarget;
import io.hwnas.profilers.ort.OrtProfiler;
import io.hwnas.profilers.ort.ProfileRequest;
import io.hwnas.profilers.ort.ProfilingException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.nio.file.Path;
import java.util.OptionalInt;

/**
 * How a device's models are measured from this process: with ONNX Runtime here (a local profile), or by the
 * device's hwnas agent over HTTP (a remote profile). Either way the measurement is stored under the profile's id,
 * keyed by the settings and runtime version it was really taken with.
 */
interface Runner {

    /** The key of {@code sha256}'s measurement on this device, to find it in the database before measuring. */
    MeasurementKey key(String sha256);

    Measurement measure(Path model, MeasurementPlan plan, String space, String architecture)
            throws ProfilingException;

    static Runner of(DeviceProfile device, OrtProfiler local) {
        if (device.method() == MeasuringMethod.REMOTE) {
            RemoteTarget t = device.remote().orElseThrow();
            return new Remote(device, t.url(), t.tokenFile());
        }
        if (device.method() == MeasuringMethod.ADB) {
            return new Adb(device);
        }
        if (device.method() != MeasuringMethod.LOCAL) {
            throw new IllegalArgumentException("device " + device.id() + " is reached through "
                    + device.method().key() + ", which hwnas cannot measure on yet"
                    + (device.method() == MeasuringMethod.SPEC ? " (a spec sheet has nothing to measure)" : ""));
        }
        return new Runner() {
            @Override
            public MeasurementKey key(String sha256) {
                return new MeasurementKey(sha256, device.id(), device.settings(), local.ortVersion());
            }

            @Override
            public Measurement measure(Path model, MeasurementPlan plan, String space, String architecture)
                    throws ProfilingException {
                ProfileRequest.Builder b = ProfileRequest.builder(model, device).plan(plan);
                if (space != null) {
                    b.space(space).architecture(architecture);
                }
                return local.measure(b.build());
            }
        };
    }

    /** Through the profile's agent: asked once what it runs on, then one upload per measurement. */
    final class Remote implements Runner {
        private final DeviceProfile device;
        private final AgentClient client;
        private AgentInfo info;

        Remote(DeviceProfile device, URI url, Path tokenFile) {
            this.device = device;
            try {
                this.client = AgentClient.builder(url, AgentCommand.readToken(tokenFile)).build();
            } catch (IOException e) {
                throw new UncheckedIOException("device " + device.id() + ": " + e.getMessage(), e);
            }
        }

        AgentInfo info() {
            if (info == null) {
                try {
                    info = client.health();
                } catch (AgentException e) {
                    throw new IllegalStateException("device " + device.id() + ": " + e.getMessage(), e);
                }
            }
            return info;
        }

        private DeviceSettings settings() {
            return info().settings().withIntraOpThreads(device.settings().intraOpThreads());
        }

        @Override
        public MeasurementKey key(String sha256) {
            return new MeasurementKey(sha256, device.id(), settings(), info().ortVersion());
        }

        @Override
        public Measurement measure(Path model, MeasurementPlan plan, String space, String architecture) {
            try {
                Measurement m = client.measure(model, plan, OptionalInt.of(device.settings().intraOpThreads()), 0)
                        .measurement();
                Measurement.Builder b = m.toBuilder().deviceId(device.id()).settings(settings());
                if (space != null) {
                    b.space(space).architecture(architecture);
                }
                return b.build();
            } catch (AgentException e) {
                // An agent that is gone fails this device's queue; the caller keeps what was measured before.
                throw new IllegalStateException("device " + device.id() + ": " + e.getMessage(), e);
            }
        }
    }

    /**
     * A phone or board through {@code adb}: the hwnas agent runs on it, and {@code adb forward} gives this machine a
     * local port that reaches it; from there on it is a remote device. The forward is removed when the JVM exits.
     */
    final class Adb implements Runner {
        private static final Duration ADB_TIMEOUT = Duration.ofSeconds(20);
        private final DeviceProfile device;
        private final AdbTarget target;
        private Remote remote;

        Adb(DeviceProfile device) {
            this.device = device;
            this.target = device.adb().orElseThrow();
        }

        private synchronized Remote remote() {
            if (remote == null) {
                Path adb = AdbTarget.executable().orElseThrow(() -> new IllegalStateException("device "
                        + device.id() + ": adb is not on the PATH (install Android's platform-tools, or name it "
                        + "with HWNAS_ADB)"));
                String state = adb(adb, "get-state");
                if (!state.equals("device")) {
                    throw new IllegalStateException("adb device " + target.serial() + " of " + device.id()
                            + " is not ready: get-state says '" + state + "'");
                }
                String port = adb(adb, "forward", "tcp:0", "tcp:" + target.agentPort());
                if (!port.matches("[0-9]{1,5}")) {
                    throw new IllegalStateException("adb forward for " + device.id() + " printed '" + port
                            + "', not a port");
                }
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        adb(adb, "forward", "--remove", "tcp:" + port);
                    } catch (RuntimeException e) {
                        // the device may be gone; nothing to undo then
                    }
                }));
                remote = new Remote(device, URI.create("http://127.0.0.1:" + port), target.tokenFile());
            }
            return remote;
        }

        /** Runs {@code adb -s SERIAL args...}; its trimmed output, or a failure naming the device and command. */
        private String adb(Path adb, String... args) {
            List<String> cmd = new ArrayList<>(List.of(adb.toString(), "-s", target.serial()));
            cmd.addAll(List.of(args));
            try {
                Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
                if (!p.waitFor(ADB_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new IllegalStateException("adb " + String.join(" ", args) + " on " + target.serial()
                            + " did not answer in " + ADB_TIMEOUT.toSeconds() + " s");
                }
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
                if (p.exitValue() != 0) {
                    throw new IllegalStateException("adb device " + target.serial() + " of " + device.id()
                            + ": adb " + String.join(" ", args) + " failed: " + out);
                }
                return out;
            } catch (IOException e) {
                throw new UncheckedIOException("running " + adb + ": " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while running adb", e);
            }
        }

        @Override
        public MeasurementKey key(String sha256) {
            return remote().key(sha256);
        }

        @Override
        public Measurement measure(Path model, MeasurementPlan plan, String space, String architecture) {
            return remote().measure(model, plan, space, architecture);
        }
    }
}
