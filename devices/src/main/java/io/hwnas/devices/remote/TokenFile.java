package io.hwnas.devices.remote;

import io.hwnas.devices.spi.AdbTarget;
import io.hwnas.devices.spi.RemoteTarget;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The file that keeps an agent's bearer token, as the agent, its clients and {@code devices validate} see it: one
 * check for all three, so that they agree on what is missing and what is exposed.
 *
 * <pre>{@code
 * TokenFile.check(Path.of("pi5.token"));   // throws if missing; Optional[warning] if group or others may read it
 * String token = TokenFile.read(Path.of("pi5.token"));
 * }</pre>
 */
public final class TokenFile {

    /** The shortest token {@code hwnas agent} starts with: 16 characters (a 24-byte hex token has 48). */
    public static final int MIN_AGENT_TOKEN_LENGTH = 16;

    private static final Set<Path> WARNED = ConcurrentHashMap.newKeySet();

    private TokenFile() {}

    /**
     * Checks a token file without reading it.
     *
     * @return a warning when users other than its owner may read it (as ssh warns of a private key), else empty
     * @throws IllegalArgumentException if it is not there (or not a regular file)
     */
    public static Optional<String> check(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("token file not found: " + file);
        }
        return readableByOthers(file) ? Optional.of("token file " + file + " is readable by group or others (chmod 600 "
                + file + ")") : Optional.empty();
    }

    /**
     * {@link #check} of the token file a device profile names (its {@code remote} or {@code adb} part), for
     * {@code devices validate}: a missing file is an error naming the profile file and the field, as a bad field is.
     *
     * @return the warning of an exposed file, else empty (also for a profile without an agent)
     */
    public static Optional<String> checkNamedBy(Path profileFile, Optional<RemoteTarget> remote,
            Optional<AdbTarget> adb) {
        String field = remote.isPresent() ? "/remote/tokenFile" : "/adb/tokenFile";
        Optional<Path> token = remote.map(RemoteTarget::tokenFile).or(() -> adb.map(AdbTarget::tokenFile));
        try {
            return token.flatMap(TokenFile::check);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(profileFile + " " + field + ": " + e.getMessage(), e);
        }
    }

    /**
     * The token kept in the file: its content without surrounding white space (a file, so that the token is in no
     * profile, log or command line); a missing, empty or non-ASCII file is refused.
     */
    public static String read(Path file) throws IOException {
        check(file);
        String token = Files.readString(file, StandardCharsets.UTF_8).strip();
        if (token.isEmpty()) {
            throw new IllegalArgumentException("token file is empty: " + file);
        }
        if (!token.chars().allMatch(c -> c > 32 && c < 127)) {
            throw new IllegalArgumentException("token file must hold one word of printable ASCII: " + file);
        }
        return token;
    }

    /** {@link #check}'s warning on standard error, once per file and process. */
    static void warnOnce(Path file) {
        check(file).ifPresent(w -> {
            if (WARNED.add(file.toAbsolutePath().normalize())) {
                System.err.println("hwnas: warning: " + w);
            }
        });
    }

    private static boolean readableByOthers(Path file) {
        try {
            Set<PosixFilePermission> p = Files.getPosixFilePermissions(file);
            return p.contains(PosixFilePermission.GROUP_READ) || p.contains(PosixFilePermission.OTHERS_READ);
        } catch (IOException | UnsupportedOperationException e) {
            return false; // no POSIX permissions here (Windows): nothing to say
        }
    }
}
