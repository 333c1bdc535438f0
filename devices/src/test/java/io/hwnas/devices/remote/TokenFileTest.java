package io.hwnas.devices.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hwnas.devices.spi.AdbTarget;
import io.hwnas.devices.spi.RemoteTarget;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenFileTest {

    @TempDir
    Path dir;

    private Path token(String name, String perms) throws Exception {
        Path f = Files.writeString(dir.resolve(name), "a-token-of-enough-length\n");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString(perms));
        return f;
    }

    @Test
    void aPrivateFileIsFineAndAnExposedOneIsWarnedOf() throws Exception {
        assertEquals(Optional.empty(), TokenFile.check(token("private", "rw-------")));
        Path group = token("group", "rw-r-----");
        assertEquals(Optional.of("token file " + group + " is readable by group or others (chmod 600 " + group + ")"),
                TokenFile.check(group));
        assertTrue(TokenFile.check(token("world", "rw-r--r--")).isPresent());
    }

    @Test
    void aMissingFileIsAnErrorNamingIt() {
        Path gone = dir.resolve("gone.token");
        assertEquals("token file not found: " + gone,
                assertThrows(IllegalArgumentException.class, () -> TokenFile.check(gone)).getMessage());
        assertEquals("token file not found: " + dir,
                assertThrows(IllegalArgumentException.class, () -> TokenFile.read(dir)).getMessage());
    }

    @Test
    void aProfilesMissingTokenFileNamesTheProfileAndTheField() throws Exception {
        Path profile = dir.resolve("pi.json");
        Path gone = dir.resolve("pi.token");
        Optional<RemoteTarget> remote = Optional.of(new RemoteTarget(URI.create("http://127.0.0.1:1"), gone));
        assertEquals(profile + " /remote/tokenFile: token file not found: " + gone, assertThrows(
                IllegalArgumentException.class, () -> TokenFile.checkNamedBy(profile, remote, Optional.empty()))
                .getMessage());
        Optional<AdbTarget> adb = Optional.of(new AdbTarget("SERIAL1", 8123, gone));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> TokenFile.checkNamedBy(profile, Optional.empty(), adb)).getMessage()
                .startsWith(profile + " /adb/tokenFile: token file not found"));
        Path exposed = token("pi-open.token", "rw-rw-rw-");
        assertTrue(TokenFile.checkNamedBy(profile, Optional.of(new RemoteTarget(URI.create("http://127.0.0.1:1"),
                exposed)), Optional.empty()).isPresent());
        assertEquals(Optional.empty(), TokenFile.checkNamedBy(profile, Optional.empty(), Optional.empty()));
    }

    @Test
    void theClientWarnsOnceOfAWorldReadableTokenFile() throws Exception {
        Path open = token("client-open.token", "rw-r--r--");
        PrintStream before = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            assertEquals("a-token-of-enough-length", AgentClient.readToken(open));
            AgentClient.readToken(open);
            AgentClient.readToken(token("client-private.token", "rw-------"));
        } finally {
            System.setErr(before);
        }
        assertEquals("hwnas: warning: token file " + open + " is readable by group or others (chmod 600 " + open
                + ")" + System.lineSeparator(), err.toString(StandardCharsets.UTF_8));
    }
}
