package io.hwnas.cli;

import io.hwnas.core.measure.DeviceSettings;
import io.hwnas.core.measure.Measurement;
import io.hwnas.core.measure.MeasurementKey;
import io.hwnas.core.measure.MeasurementPlan;
import io.hwnas.devices.remote.AgentClient;
import io.hwnas.devices.remote.AgentException;
import io.hwnas.devices.remote.AgentInfo;
import io.hwnas.devices.spi.DeviceProfile;
import io.hwnas.devices.spi.MeasuringMethod;
import io.hwnas.devices.spi.RemoteTarget;
import io.hwnas.profilers.ort.OrtProfiler;
import io.hwnas.profilers.ort.ProfileRequest;
import io.hwnas.profilers.ort.ProfilingException;
import java.io.IOException;
import java.io.UncheckedIOException;
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
            return new Remote(device);
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

        Remote(DeviceProfile device) {
            this.device = device;
            RemoteTarget target = device.remote().orElseThrow();
            try {
                this.client = AgentClient.builder(target.url(), AgentCommand.readToken(target.tokenFile())).build();
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
}
