package io.hwnas.devices.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hwnas.core.measure.DeviceSettings;
import io.hwnas.core.measure.Measurement;
import io.hwnas.core.measure.MeasurementKey;
import io.hwnas.core.measure.ModelRun;
import io.hwnas.core.measure.ModelRunner;
import io.hwnas.devices.local.LocalCpuProfile;
import io.hwnas.devices.registry.DeviceRegistry;
import io.hwnas.devices.remote.AdbRunner;
import io.hwnas.devices.remote.AgentRunner;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each kind of device supplies how it is measured; a plugin's profile may supply its own. */
class DeviceRunnerTest {

    /** What a measuring process lends: here a runner that is never asked to measure. */
    private static final ModelRunner LENT = unused();

    private static final MeasuringHost HOST = device -> LENT;

    @TempDir
    Path dir;

    @Test
    void aLocalProfileMeasuresWithWhatTheHostLends() {
        DeviceRegistry builtIns = DeviceRegistry.builtIns();
        assertSame(LENT, builtIns.get("cpu-1t").runner(HOST));
        assertSame(LENT, builtIns.get("cuda").runner(HOST));
    }

    @Test
    void aSpecSheetHasNothingToMeasure() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DeviceRegistry.builtIns().get("rpi4").runner(HOST));
        assertEquals("device rpi4 is reached through spec, which hwnas cannot measure on yet (a spec sheet has "
                + "nothing to measure)", e.getMessage());
    }

    @Test
    void anAgentsProfileReadsItsTokenWhenItsRunnerIsMade() throws Exception {
        DeviceProfile missing = profile(new RemoteTarget(URI.create("http://127.0.0.1:9"), dir.resolve("gone")));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> missing.runner(HOST));
        assertTrue(e.getMessage().contains("token file not found: " + dir.resolve("gone")), e.getMessage());
        Path token = Files.writeString(dir.resolve("token"), "s3cret\n");
        DeviceProfile pi = profile(new RemoteTarget(URI.create("http://127.0.0.1:9"), token));
        assertInstanceOf(AgentRunner.class, pi.runner(HOST)); // nothing is sent before a key or a measurement
    }

    @Test
    void anAdbProfileForwardsToItsAgentOnlyWhenFirstUsed() {
        DeviceProfile phone = new LocalCpuProfile("phone", "a phone", DeviceSettings.cpu(4));
        assertInstanceOf(AdbRunner.class, MeasuringMethod.ADB.runner(withAdb(phone), HOST));
    }

    @Test
    void aPluginsProfileSuppliesItsOwnRunner() {
        DeviceProfile plugin = new Plugin();
        DeviceRegistry registry = DeviceRegistry.of(List.of(() -> List.of(plugin)));
        assertSame(Plugin.OWN, registry.get("npu0").runner(HOST));
    }

    private static DeviceProfile profile(RemoteTarget target) {
        return new Delegate(new LocalCpuProfile("pi", "a Pi", DeviceSettings.cpu(4))) {
            @Override
            public MeasuringMethod method() {
                return MeasuringMethod.REMOTE;
            }

            @Override
            public Optional<RemoteTarget> remote() {
                return Optional.of(target);
            }
        };
    }

    private static DeviceProfile withAdb(DeviceProfile p) {
        return new Delegate(p) {
            @Override
            public Optional<AdbTarget> adb() {
                return Optional.of(new AdbTarget("R58M", 8123, Path.of("t")));
            }
        };
    }

    /** A profile from somewhere else, measured its own way. */
    private static final class Plugin extends Delegate {
        static final ModelRunner OWN = unused();

        Plugin() {
            super(new LocalCpuProfile("npu0", "an NPU", DeviceSettings.cpu(1)));
        }

        @Override
        public ModelRunner runner(MeasuringHost host) {
            return OWN;
        }
    }

    private static ModelRunner unused() {
        return new ModelRunner() {
            @Override
            public MeasurementKey key(String modelSha256) {
                throw new UnsupportedOperationException("not measured in this test");
            }

            @Override
            public Measurement measure(ModelRun run) {
                throw new UnsupportedOperationException("not measured in this test");
            }
        };
    }

    /** Everything from another profile, for the tests to override a part. */
    private static class Delegate implements DeviceProfile {
        private final DeviceProfile base;

        Delegate(DeviceProfile base) {
            this.base = base;
        }

        @Override
        public String id() {
            return base.id();
        }

        @Override
        public String name() {
            return base.name();
        }

        @Override
        public DeviceKind kind() {
            return base.kind();
        }

        @Override
        public DeviceSettings settings() {
            return base.settings();
        }

        @Override
        public Availability availability() {
            return base.availability();
        }

        @Override
        public DeviceProfile withIntraOpThreads(int threads) {
            return base.withIntraOpThreads(threads);
        }
    }
}
