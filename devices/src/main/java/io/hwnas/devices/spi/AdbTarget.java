package io.hwnas.devices.spi;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Objects;

/**
 * A phone or board reached through {@code adb}: its serial (as {@code adb devices} lists it), and the hwnas agent
 * running on it, which the host reaches through {@code adb forward} on a local port.
 *
 * @param agentPort the port the agent listens on, on the device
 * @param tokenFile where the agent's bearer token is kept on this machine
 */
public record AdbTarget(String serial, int agentPort, Path tokenFile) {

    public AdbTarget {
        Objects.requireNonNull(serial, "serial");
        if (serial.isBlank() || serial.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("serial must be one word, was '" + serial + "'");
        }
        if (agentPort < 1 || agentPort > 65535) {
            throw new IllegalArgumentException("agentPort must be in [1, 65535], was " + agentPort);
        }
        Objects.requireNonNull(tokenFile, "tokenFile");
    }

    /**
     * The {@code adb} to run: the system property {@code hwnas.adb}, else the environment variable
     * {@code HWNAS_ADB}, else {@code adb} from the PATH; empty when none is found.
     */
    public static Optional<Path> executable() {
        String named = System.getProperty("hwnas.adb", System.getenv("HWNAS_ADB"));
        if (named != null && !named.isBlank()) {
            Path p = Path.of(named);
            return Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
        }
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(File.pathSeparator)) {
                if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "adb"))) {
                    return Optional.of(Path.of(dir, "adb"));
                }
            }
        }
        return Optional.empty();
    }
}
