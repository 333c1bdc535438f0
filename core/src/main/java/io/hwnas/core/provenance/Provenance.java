package io.hwnas.core.provenance;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Properties;

/**
 * Where an artifact came from: the tool, the Java runtime, the operating system and the host.
 *
 * <pre>{@code
 * Provenance here = Provenance.current();   // e.g. 0.1.0-SNAPSHOT, 17.0.15, Linux/amd64 on "lab-3"
 * }</pre>
 */
public record Provenance(String toolVersion, String javaVersion, String osName, String osArch, String host) {

    /** The tool version when no build metadata is on the class path (running from an IDE or classes folder). */
    public static final String UNKNOWN_VERSION = "dev";

    public Provenance {
        requireText("toolVersion", toolVersion);
        requireText("javaVersion", javaVersion);
        requireText("osName", osName);
        requireText("osArch", osArch);
        requireText("host", host);
    }

    /** Describes this process. Looks the host name up without DNS where it can, so it is quick. */
    public static Provenance current() {
        return new Provenance(buildVersion(), System.getProperty("java.version", "unknown"),
                System.getProperty("os.name", "unknown"), System.getProperty("os.arch", "unknown"), hostName());
    }

    /** The version Maven recorded in hwnas-core's jar, else the jar manifest's, else {@value #UNKNOWN_VERSION}. */
    static String buildVersion() {
        try (InputStream in = Provenance.class.getResourceAsStream(
                "/META-INF/maven/io.hwnas/hwnas-core/pom.properties")) {
            if (in != null) {
                Properties p = new Properties();
                p.load(in);
                String v = p.getProperty("version");
                if (v != null && !v.isBlank()) {
                    return v.strip();
                }
            }
        } catch (IOException e) {
            // fall through to the manifest: a version is a label, not worth failing for
        }
        String v = Provenance.class.getPackage().getImplementationVersion();
        return v == null || v.isBlank() ? UNKNOWN_VERSION : v;
    }

    static String hostName() {
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env.strip();
        }
        try {
            Path kernel = Path.of("/proc/sys/kernel/hostname");
            if (Files.isReadable(kernel)) {
                String name = Files.readString(kernel, StandardCharsets.UTF_8).strip();
                if (!name.isEmpty()) {
                    return name;
                }
            }
        } catch (IOException | RuntimeException e) {
            // try the resolver next
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static void requireText(String field, String value) {
        Objects.requireNonNull(value, field);
        if (value.isBlank()) {
            throw new IllegalArgumentException(field + " must not be blank, but was '" + value + "'");
        }
    }
}
