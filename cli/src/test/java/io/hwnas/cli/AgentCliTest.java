package io.hwnas.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.hwnas.core.measure.MeasurementPlan;
import io.hwnas.core.measure.Sha256;
import io.hwnas.devices.remote.AgentClient;
import io.hwnas.devices.remote.AgentException;
import io.hwnas.devices.remote.AgentInfo;
import io.hwnas.devices.remote.RemoteMeasurement;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real agent ({@code hwnas agent}) in a child JVM on loopback, measured through and attacked from here: wrong
 * tokens, oversized and slow uploads, path tricks; after each the agent still serves.
 */
class AgentCliTest {

    static final String TOKEN = "s3cret-t0ken-for-tests";
    static final long UPLOAD_LIMIT = 8_000_000;

    @TempDir
    static Path dir;

    static Process agent;
    static URI url;
    static Path work;
    static Path tokenFile;
    static Path model;

    @BeforeAll
    static void startAgent() throws Exception {
        tokenFile = Files.writeString(dir.resolve("token"), TOKEN + "\n");
        model = dir.resolve("m.onnx");
        String arch = "|nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|";
        assertEquals(0, CliTest.run("export", "--space", "nb201", "--arch", arch, "-o", model.toString()).code());
        work = dir.resolve("work");
        Path tmp = Files.createDirectories(dir.resolve("child-tmp"));
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.io.tmpdir=" + tmp, "-cp", CliTest.pathingJar(dir).toString(), Main.class.getName(), "agent",
                "--port", "0", "--token-file", tokenFile.toString(), "--device", "cpu-1t", "--work-dir", work.toString(),
                "--max-upload-bytes", Long.toString(UPLOAD_LIMIT), "--read-timeout", "2", "--max-queue", "1"));
        agent = new ProcessBuilder(cmd).redirectError(dir.resolve("agent.log").toFile()).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(agent.getInputStream(), StandardCharsets.UTF_8));
        String line = CompletableFuture.supplyAsync(() -> {
            try {
                return out.readLine();
            } catch (IOException e) {
                return null;
            }
        }).get(60, TimeUnit.SECONDS);
        Matcher m = Pattern.compile("listening on (http://\\S+)").matcher(String.valueOf(line));
        assertTrue(m.find(), "agent did not start: " + line + "; log: " + Files.readString(dir.resolve("agent.log")));
        url = URI.create(m.group(1));
    }

    @AfterAll
    static void stopAgent() throws Exception {
        if (agent != null) {
            agent.destroy();
            if (!agent.waitFor(10, TimeUnit.SECONDS)) {
                agent.destroyForcibly().waitFor();
            }
        }
    }

    static AgentClient client(String token) {
        return AgentClient.builder(url, token).tries(2).backoff(Duration.ofMillis(20)).build();
    }

    static MeasurementPlan fast() {
        return MeasurementPlan.builder().warmupRuns(2).minRuns(5).maxRuns(15).build();
    }

    static long measuredSoFar() throws AgentException {
        return client(TOKEN).health().measured();
    }

    /** Every file under the work folder except the runtime's own under tmp/. */
    static List<Path> uploadsLeft() throws IOException {
        try (Stream<Path> s = Files.walk(work)) {
            return s.filter(Files::isRegularFile).filter(p -> !p.startsWith(work.resolve("tmp"))).toList();
        }
    }

    @Test
    void healthNamesTheDeviceAndRuntime() throws Exception {
        AgentInfo info = client(TOKEN).health();
        assertEquals("cpu-1t", info.deviceId());
        assertEquals(1, info.settings().intraOpThreads());
        assertFalse(info.ortVersion().isBlank());
        assertEquals(System.getProperty("os.arch"), info.provenance().osArch());
    }

    @Test
    void measureThroughTheAgentIsStoredUnderTheAgentsIdAndNotMeasuredTwice() throws Exception {
        Path db = dir.resolve("agent.db");
        String[] measure = CliTest.concat(new String[] {"measure", model.toString(), "--agent", url.toString(),
            "--token-file", tokenFile.toString(), "--threads", "2", "--json", "--db", db.toString()}, CliTest.FAST);
        CliTest.Result first = CliTest.run(measure);
        assertEquals(0, first.code(), first.err());
        JsonNode j = first.json();
        assertTrue(j.get("device").asText().matches("agent:[a-z0-9.-]+:cpu-2t"), j.toString());
        assertEquals(2, j.get("threads").asInt());
        assertEquals(Sha256.ofFile(model), j.get("sha256").asText());
        assertEquals(url.toString(), j.get("agent").asText());
        assertFalse(j.get("cached").asBoolean());
        assertTrue(j.get("runs").asInt() >= 5 && j.get("runs").asInt() <= 15, j.toString());
        CliTest.Result again = CliTest.run(measure);
        assertEquals(0, again.code(), again.err());
        assertTrue(again.json().get("cached").asBoolean(), again.out());
        assertEquals(List.of(), uploadsLeft());
    }

    @Test
    void wrongOrMissingTokenIs401AndNothingRuns() throws Exception {
        long before = measuredSoFar();
        AgentException e = assertThrows(AgentException.class,
                () -> client("wrong-token").measure(model, fast(), OptionalInt.empty(), 1));
        assertEquals(401, e.status());
        assertTrue(e.getMessage().startsWith("agent at " + url + " refused the token"), e.getMessage());
        HttpClient http = HttpClient.newHttpClient();
        // a small body: an agent that refuses an upload unread drops the connection after 64 KiB, answer and all
        HttpResponse<String> none = http.send(HttpRequest.newBuilder(URI.create(url + "/measure"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[100])).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(401, none.statusCode());
        HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(url + "/health"))
                .header("Authorization", "Bearer " + TOKEN + "x").GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(401, health.statusCode());
        assertEquals(before, measuredSoFar());
        CliTest.Result r = CliTest.run("measure", model.toString(), "--agent", url.toString(), "--token-file",
                Files.writeString(dir.resolve("bad-token"), "nope").toString(), "--db", dir.resolve("x.db").toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("agent at " + url + " refused the token (HTTP 401)"), r.err());
    }

    @Test
    void oversizedBodyIs413WithoutBeingRead() throws Exception {
        try (Socket s = new Socket(url.getHost(), url.getPort())) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(("POST /measure HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + TOKEN
                    + "\r\nContent-Length: 1000000000\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(new byte[1000]); // then nothing more: the agent must answer without the other 999,999,000
            out.flush();
            String status = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII))
                    .readLine();
            assertEquals("HTTP/1.1 413 Request Entity Too Large", status);
        }
        Path big = dir.resolve("big.onnx");
        Files.write(big, new byte[(int) UPLOAD_LIMIT + 1]);
        AgentException e = assertThrows(AgentException.class,
                () -> client(TOKEN).measure(big, fast(), OptionalInt.empty(), 1));
        assertEquals(413, e.status()); // the client asks the limit first and does not upload
        assertTrue(e.getMessage().contains("exceeds the agent's limit of " + UPLOAD_LIMIT + " bytes"), e.getMessage());
        assertEquals("cpu-1t", client(TOKEN).health().deviceId());
    }

    @Test
    void pathTricksAreRefusedOrIgnoredAndNothingIsWrittenOutsideTheWorkFolder() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String trick = "..%2F..%2Fevil.onnx";
        HttpResponse<String> named = http.send(HttpRequest.newBuilder(URI.create(url + "/measure?warmup=1&min_runs=3"
                        + "&max_runs=3&name=" + trick))
                .header("Authorization", "Bearer " + TOKEN)
                .header("Content-Disposition", "attachment; filename=\"../../evil2.onnx\"")
                .header("X-File-Name", "../../evil3.onnx")
                .POST(HttpRequest.BodyPublishers.ofFile(model)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, named.statusCode(), named.body()); // the name is a label in the answer, nothing more
        assertEquals("../../evil.onnx", Json.MAPPER.readTree(named.body()).get("name").asText());
        HttpResponse<String> param = http.send(HttpRequest.newBuilder(URI.create(url + "/measure?" + trick + "=1"))
                .header("Authorization", "Bearer " + TOKEN).POST(HttpRequest.BodyPublishers.ofByteArray(new byte[100]))
                .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(400, param.statusCode());
        assertTrue(param.body().contains("unknown parameter '../../evil.onnx'"), param.body());
        try (Socket s = new Socket(url.getHost(), url.getPort())) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(("GET /health/../../../etc/passwd HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
                    + TOKEN + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            String status = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII))
                    .readLine();
            assertEquals("HTTP/1.1 404 Not Found", status);
        }
        try (Stream<Path> all = Files.walk(dir.getParent() == null ? dir : dir.getParent(), 3)) {
            List<Path> evil = all.filter(p -> p.getFileName().toString().startsWith("evil")).toList();
            assertEquals(List.of(), evil);
        }
        assertEquals(List.of(), uploadsLeft());
    }

    @Test
    void countsPastTheToolsBoundsAreRefusedNamingTheBound() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        // The same bounds as the command line's: DeviceSettings.MAX_THREADS and MeasurementPlan.MAX_RUNS.
        for (String[] c : new String[][] {{"threads=1025", "threads must be in 1..1024, but was 1025"},
            {"max_runs=1000001", "max_runs must be in 1..1000000"}, {"warmup=1000001", "warmup must be in 0..1000000"}}) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url + "/measure?" + c[0]))
                    .header("Authorization", "Bearer " + TOKEN).POST(HttpRequest.BodyPublishers.ofFile(model)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(400, r.statusCode(), c[0]);
            assertTrue(r.body().contains(c[1]), r.body());
        }
    }

    @Test
    void slowClientIsCutOffAndTheAgentStillServes() throws Exception {
        try (Socket slow = new Socket(url.getHost(), url.getPort())) {
            slow.setSoTimeout(15_000);
            OutputStream out = slow.getOutputStream();
            out.write(("POST /measure HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + TOKEN
                    + "\r\nContent-Length: 100000\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(new byte[100]);
            out.flush();
            // meanwhile others are served
            assertEquals("cpu-1t", client(TOKEN).health().deviceId());
            long start = System.nanoTime();
            InputStream in = slow.getInputStream();
            int got;
            try {
                got = in.read();
                while (got != -1) { // an error reply, if any, then the close
                    got = in.read();
                }
            } catch (SocketException reset) {
                got = -1;
            }
            double waited = (System.nanoTime() - start) / 1e9;
            assertEquals(-1, got);
            assertTrue(waited < 10, "cut off after " + waited + " s");
        }
        RemoteMeasurement r = client(TOKEN).measure(model, fast(), OptionalInt.empty(), 1);
        assertEquals("cpu-1t", r.measurement().deviceId());
        assertEquals(Sha256.ofFile(model), r.measurement().modelSha256());
    }

    @Test
    void agentDownIsAnErrorNamingTheUrl() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        URI down = URI.create("http://127.0.0.1:" + port);
        AgentException e = assertThrows(AgentException.class, () -> AgentClient.builder(down, TOKEN).tries(3)
                .backoff(Duration.ofMillis(10)).build().health());
        assertEquals("agent at " + down + " is not reachable: connection refused (3 tries)", e.getMessage());
        CliTest.Result r = CliTest.run("measure", model.toString(), "--agent", down.toString(), "--token-file",
                tokenFile.toString(), "--db", dir.resolve("down.db").toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("agent at " + down + " is not reachable"), r.err());
    }

    @Test
    void agentRefusesAnEmptyTokenFileAndAPublicBind() throws Exception {
        Path empty = Files.writeString(dir.resolve("empty-token"), " \n");
        CliTest.Result r = CliTest.run("agent", "--port", "0", "--token-file", empty.toString());
        assertEquals(2, r.code());
        assertEquals("hwnas: token file is empty: " + empty, r.err().strip());
        CliTest.Result pub = CliTest.run("agent", "--bind", "0.0.0.0", "--port", "0", "--token-file",
                tokenFile.toString());
        assertEquals(2, pub.code());
        assertTrue(pub.err().contains("--bind 0.0.0.0 is not a loopback address"), pub.err());
        CliTest.Result none = CliTest.run("agent", "--port", "0");
        assertEquals(2, none.code());
        Path shortToken = Files.writeString(dir.resolve("short-token"), "abc\n");
        CliTest.Result brief = CliTest.run("agent", "--port", "0", "--token-file", shortToken.toString());
        assertEquals(2, brief.code());
        assertTrue(brief.err().startsWith("hwnas: the token in " + shortToken + " has 3 characters; the agent needs at "
                + "least 16 (make one: head -c 24 /dev/urandom"), brief.err());
    }

    @Test
    void aPortInUseIsNamedWithTheAddress() throws Exception {
        String tmp = System.getProperty("java.io.tmpdir"); // the agent command points it into its work folder
        try {
            CliTest.Result r = CliTest.run("agent", "--port", Integer.toString(url.getPort()), "--token-file",
                    tokenFile.toString(), "--device", "cpu-1t", "--work-dir", dir.resolve("work-2").toString());
            assertEquals(1, r.code());
            assertTrue(r.err().contains("hwnas: cannot listen on 127.0.0.1:" + url.getPort() + ": Address already in "
                    + "use\n"), r.err());
        } finally {
            System.setProperty("java.io.tmpdir", tmp);
        }
    }

    /** Issue 18, item 8: the token file a profile names must be there, and should be the owner's alone. */
    @Test
    void devicesValidateRefusesAMissingTokenFileAndWarnsOfAnExposedOne() throws Exception {
        Path profiles = Files.createDirectories(dir.resolve("validate-profiles"));
        Path pi = Files.writeString(profiles.resolve("pi.json"), "{\"id\": \"pi\", \"method\": \"remote\", "
                + "\"remote\": {\"url\": \"" + url + "\", \"tokenFile\": \"pi.token\"}}");
        CliTest.Result missing = CliTest.run("devices", "validate", pi.toString());
        assertEquals(2, missing.code());
        assertEquals("hwnas: " + pi + " /remote/tokenFile: token file not found: " + profiles.resolve("pi.token"),
                missing.err().strip());
        Path token = Files.writeString(profiles.resolve("pi.token"), TOKEN);
        Files.setPosixFilePermissions(token, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        CliTest.Result exposed = CliTest.run("devices", "validate", pi.toString());
        assertEquals(0, exposed.code(), exposed.err());
        assertTrue(exposed.err().contains("hwnas: warning: " + pi + ": token file " + token + " is readable by group or "
                + "others (chmod 600 " + token + ")"), exposed.err());
        assertTrue(exposed.out().startsWith(pi + ": valid"), exposed.out());
        Files.setPosixFilePermissions(token, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        CliTest.Result fine = CliTest.run("devices", "validate", pi.toString());
        assertEquals(0, fine.code());
        assertEquals("", fine.err());
    }

    /** A remote device profile in a JSON file: checked, measured on, and searched on through the agent. */
    @Test
    void aRemoteDeviceProfileMeasuresThroughItsAgentInMeasureCheckAndSearch() throws Exception {
        Path profiles = Files.createDirectories(dir.resolve("profiles"));
        Files.copy(tokenFile, profiles.resolve("pi.token"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.writeString(profiles.resolve("pi.json"), "{\"id\": \"pi\", \"name\": \"agent on loopback\", "
                + "\"method\": \"remote\", \"threads\": 1, \"remote\": {\"url\": \"" + url + "\", "
                + "\"tokenFile\": \"pi.token\"}}");
        String dirs = profiles.toString();
        CliTest.Result check = CliTest.run("devices", "check", "pi", "--device-dir", dirs);
        assertEquals(0, check.code(), check.err());
        assertTrue(check.out().startsWith("pi: available; a small nb201 network runs in"), check.out());

        Path db = dir.resolve("remote.db");
        CliTest.Result m = CliTest.run(CliTest.concat(new String[] {"measure", model.toString(), "--device", "pi",
            "--device-dir", dirs, "--db", db.toString(), "--json"}, CliTest.FAST));
        assertEquals(0, m.code(), m.err());
        assertEquals("pi", m.json().get("device").asText(), m.out());
        CliTest.Result again = CliTest.run(CliTest.concat(new String[] {"measure", model.toString(), "--device", "pi",
            "--device-dir", dirs, "--db", db.toString(), "--json"}, CliTest.FAST));
        assertTrue(again.json().get("cached").asBoolean(), "stored under the profile's id and found again");

        CliTest.Result s = CliTest.run(CliTest.concat(new String[] {"search", "--device", "pi", "--device-dir", dirs,
            "--evaluations", "20", "--population", "10", "--warmup-samples", "4", "--measure-per-generation", "1",
            "--no-budget", "--db", db.toString(), "--out", dir.resolve("run").toString(), "--json"}, CliTest.FAST));
        assertEquals(0, s.code(), s.err());
        for (var row : s.json().get("front")) {
            assertEquals("measured", row.get("latency").get("pi").get("source").asText(), s.err());
        }
    }

    /**
     * A phone through adb, with a stand-in adb executable: one device, serial FAKE1, whose agent is this test's agent
     * on loopback, so that the forward the stand-in reports reaches a real agent (as a real adb forward would).
     */
    @Test
    void anAdbDeviceIsMeasuredThroughTheAgentBehindItsForward() throws Exception {
        Path bin = Files.createDirectories(dir.resolve("adb-bin"));
        Path log = dir.resolve("adb.log");
        Path adb = bin.resolve("adb");
        Files.writeString(adb, "#!/usr/bin/env bash\n"
                + "echo \"$*\" >> " + log + "\n"
                + "if [ \"$1\" = -s ]; then serial=$2; shift 2; fi\n"
                + "[ \"$serial\" = FAKE1 ] || { echo \"error: device '$serial' not found\"; exit 1; }\n"
                + "case \"$1\" in\n"
                + "  get-state) echo device ;;\n"
                + "  forward) [ \"$2\" = --remove ] && exit 0; echo " + url.getPort() + " ;;\n"
                + "  *) echo \"stand-in adb: unsupported: $*\"; exit 1 ;;\n"
                + "esac\n");
        assertTrue(adb.toFile().setExecutable(true));
        Path profiles = Files.createDirectories(dir.resolve("adb-profiles"));
        Files.copy(tokenFile, profiles.resolve("phone.token"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.writeString(profiles.resolve("phone.json"), "{\"id\": \"phone\", \"method\": \"adb\", "
                + "\"adb\": {\"serial\": \"FAKE1\", \"agentPort\": 8123, \"tokenFile\": \"phone.token\"}}");
        Files.writeString(profiles.resolve("gone.json"), "{\"id\": \"gone\", \"method\": \"adb\", "
                + "\"adb\": {\"serial\": \"NOPE9\", \"tokenFile\": \"phone.token\"}}");
        String before = System.getProperty("hwnas.adb");
        System.setProperty("hwnas.adb", adb.toString());
        try {
            String dirs = profiles.toString();
            CliTest.Result check = CliTest.run("devices", "check", "phone", "--device-dir", dirs);
            assertEquals(0, check.code(), check.err());
            assertTrue(check.out().startsWith("phone: available; a small nb201 network runs in"), check.out());
            assertTrue(Files.readString(log).contains("-s FAKE1 forward tcp:0 tcp:8123"), Files.readString(log));
            CliTest.Result m = CliTest.run(CliTest.concat(new String[] {"measure", model.toString(), "--device",
                "phone", "--device-dir", dirs, "--db", dir.resolve("adb.db").toString(), "--json"}, CliTest.FAST));
            assertEquals(0, m.code(), m.err());
            assertEquals("phone", m.json().get("device").asText());
            CliTest.Result gone = CliTest.run("devices", "check", "gone", "--device-dir", dirs);
            assertEquals(1, gone.code());
            assertTrue(gone.err().contains("adb device NOPE9 of gone: adb get-state failed: error: device 'NOPE9' "
                    + "not found"), gone.err());
        } finally {
            if (before == null) {
                System.clearProperty("hwnas.adb");
            } else {
                System.setProperty("hwnas.adb", before);
            }
        }
    }
}
