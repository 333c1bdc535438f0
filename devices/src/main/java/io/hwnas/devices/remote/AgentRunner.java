package io.hwnas.devices.remote;

import io.hwnas.core.measure.DeviceSettings;
import io.hwnas.core.measure.Measurement;
import io.hwnas.core.measure.MeasurementKey;
import io.hwnas.core.measure.ModelRun;
import io.hwnas.core.measure.ModelRunner;
import io.hwnas.devices.spi.DeviceProfile;
import io.hwnas.devices.spi.RemoteTarget;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * A device measured by its hwnas agent over HTTP: the agent is asked once what it runs on (its settings, at the
 * profile's thread count, and its ONNX Runtime version make the key), then each model is uploaded and measured
 * there. The measurement is stored under the profile's id. A run with drift control has the agent time the
 * reference beside the model on its machine; the reading comes back uncalibrated, for the caller's baseline.
 *
 * <p>An agent that is gone fails with an {@link IllegalStateException}: the caller stops measuring on this device
 * and keeps what was measured before.
 */
public final class AgentRunner implements ModelRunner {

    /** The random input's seed when the run names none. */
    static final long DEFAULT_INPUT_SEED = 0;

    private final DeviceProfile device;
    private final AgentClient client;
    private AgentInfo info;

    public AgentRunner(DeviceProfile device, RemoteTarget target) {
        this(device, target.url(), target.tokenFile());
    }

    /** The agent at {@code url}, with the bearer token kept in {@code tokenFile}. */
    public AgentRunner(DeviceProfile device, URI url, Path tokenFile) {
        this.device = Objects.requireNonNull(device, "device");
        try {
            this.client = AgentClient.builder(url, AgentClient.readToken(tokenFile)).build();
        } catch (IOException e) {
            throw new UncheckedIOException("device " + device.id() + ": " + e.getMessage(), e);
        }
    }

    private synchronized AgentInfo info() {
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
    public MeasurementKey key(String modelSha256) {
        return new MeasurementKey(modelSha256, device.id(), settings(), info().ortVersion());
    }

    @Override
    public Measurement measure(ModelRun run) {
        try {
            Measurement m = client.measure(run.model(), run.plan(),
                    OptionalInt.of(device.settings().intraOpThreads()), run.inputSeed().orElse(DEFAULT_INPUT_SEED),
                    run.drift()).measurement();
            Measurement.Builder b = m.toBuilder().deviceId(device.id()).settings(settings());
            if (run.space() != null) {
                b.space(run.space()).architecture(run.architecture());
            }
            return b.build();
        } catch (AgentException e) {
            throw new IllegalStateException("device " + device.id() + ": " + e.getMessage(), e);
        }
    }
}
