package io.hwnas.devices.remote;

import io.hwnas.core.measure.Measurement;
import io.hwnas.core.measure.MeasurementKey;
import io.hwnas.core.measure.ModelRun;
import io.hwnas.core.measure.ModelRunner;
import io.hwnas.devices.spi.AdbTarget;
import io.hwnas.devices.spi.DeviceProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * A phone or board through {@code adb}: the hwnas agent runs on it, and {@code adb forward} gives this machine a
 * local port that reaches it; from there on it is an {@link AgentRunner} (drift control included: the reference
 * runs on the phone). The forward is made on first use and removed when the JVM exits.
 */
public final class AdbRunner implements ModelRunner {

    private static final Duration ADB_TIMEOUT = Duration.ofSeconds(20);

    private final DeviceProfile device;
    private final AdbTarget target;
    private AgentRunner agent;

    public AdbRunner(DeviceProfile device, AdbTarget target) {
        this.device = Objects.requireNonNull(device, "device");
        this.target = Objects.requireNonNull(target, "target");
    }

    private synchronized AgentRunner agent() {
        if (agent == null) {
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
            agent = new AgentRunner(device, URI.create("http://127.0.0.1:" + port), target.tokenFile());
        }
        return agent;
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
    public MeasurementKey key(String modelSha256) {
        return agent().key(modelSha256);
    }

    @Override
    public Measurement measure(ModelRun run) {
        return agent().measure(run);
    }
}
