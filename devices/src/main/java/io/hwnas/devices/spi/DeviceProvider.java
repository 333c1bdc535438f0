package io.hwnas.devices.spi;

import java.util.List;

/**
 * Service-provider interface: contributes device profiles to a registry. Listed in
 * {@code META-INF/services/io.hwnas.devices.spi.DeviceProvider} and found with {@link java.util.ServiceLoader},
 * so implementations need a public no-argument constructor.
 */
public interface DeviceProvider {

    List<DeviceProfile> profiles();
}
