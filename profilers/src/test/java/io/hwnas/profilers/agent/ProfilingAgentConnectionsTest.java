package io.hwnas.profilers.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.hwnas.core.onnx.proto.Onnx;
import io.hwnas.devices.local.LocalCpuProfile;
import io.hwnas.profilers.ort.TestModels;

import java.io.IOException;
import java.net.BindException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent against clients that hold connections: slow request heads, a client that reconnects as soon as it is
 * cut off, more connections than its caps, many uploads at once. Each test bounds its own count and time; none
 * asserts a duration tighter than the deadline it proves is not what served the request.
 */
class ProfilingAgentConnectionsTest {

    static final String TOKEN = "connections-t0ken-for-tests";

    @TempDir
    static Path dir;

    static Path model;

    @BeforeAll
    static void models() throws IOException {
        model = TestModels.convNet(dir, 1);
    }

    static AgentConfig.Builder config(String work) {
        return AgentConfig.builder(TOKEN, LocalCpuProfile.oneThread(), dir.resolve(work));
    }

    static HttpResponse<String> health(URI agent, Duration timeout) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(agent + "/health"))
                .header("Authorization", "Bearer " + TOKEN).timeout(timeout).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The attack: slow heads on more connections than the old agent had threads; health is answered. */
    @Test
    void sixteenSlowHeadsDoNotKeepAnAuthorisedRequestWaiting() throws Exception {
        Duration headTime = Duration.ofSeconds(40);
        try (ProfilingAgent agent = ProfilingAgent.start(config("work-slow").headerTimeout(headTime)
                .requestReadTimeout(Duration.ofSeconds(60)).build());
             SlowClients slow = SlowClients.open(agent.url(), 16, 100)) {
            while (slow.bytesSent() < 16 * 3) { // each has begun its head (bounded: the agent reads them all)
                Thread.sleep(20);
            }
            long start = System.nanoTime();
            HttpResponse<String> r = health(agent.url(), headTime.minusSeconds(5));
            double seconds = (System.nanoTime() - start) / 1e9;
            assertEquals(200, r.statusCode(), r.body());
            assertTrue(r.body().contains("\"status\":\"ok\""), r.body());
            // served long before the slow heads' own deadline: nothing had to time out for it
            assertTrue(seconds < headTime.toSeconds() / 2.0, "answered after " + seconds + " s");
            assertEquals(16, slow.stillOpen(), "the slow connections were all still held meanwhile");
            assertEquals(0, slow.cutOff());
        }
    }

    @Test
    void slowHeadsAreCutOffAtTheHeadDeadlineAndReconnectingDoesNotBlockOthers() throws Exception {
        try (ProfilingAgent agent = ProfilingAgent.start(config("work-cut").headerTimeout(Duration.ofMillis(300))
                .build());
             SlowClients slow = SlowClients.open(agent.url(), 16, 50)) {
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (slow.cutOff() < 32 && System.nanoTime() < end) { // every one cut off and back, about twice
                Thread.sleep(50);
            }
            assertTrue(slow.cutOff() >= 32, "cut off only " + slow.cutOff() + " times in 60 s");
            assertEquals(200, health(agent.url(), Duration.ofSeconds(30)).statusCode());
        }
    }

    @Test
    void aClientOverItsCapLosesItsOldestIdleConnectionNotItsNewRequest() throws Exception {
        try (ProfilingAgent agent = ProfilingAgent.start(config("work-cap").maxQueue(1).maxConnections(8)
                .maxConnectionsPerClient(4).build())) {
            List<Socket> idle = new ArrayList<>();
            try {
                for (int i = 0; i < 4; i++) {
                    Socket s = new Socket(agent.url().getHost(), agent.url().getPort());
                    s.getOutputStream().write('G'); // a head begun, so the agent has surely taken it
                    idle.add(s);
                }
                Thread.sleep(200);
                assertEquals(200, health(agent.url(), Duration.ofSeconds(30)).statusCode());
                idle.get(0).setSoTimeout(30_000);
                assertTrue(readsEndOrReset(idle.get(0)), "the oldest idle connection was closed for the request");
                for (Socket s : idle.subList(1, 4)) {
                    s.setSoTimeout(100);
                    assertThrows(SocketTimeoutException.class, () -> s.getInputStream().read(), "still open");
                }
            } finally {
                for (Socket s : idle) {
                    s.close();
                }
            }
        }
    }

    private static boolean readsEndOrReset(Socket s) {
        try {
            return s.getInputStream().read() < 0;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    /** Issue 18, item 13: refused uploads still in flight read their 503, not a reset. */
    @Test
    void twentyConcurrentUploadsEachGetAResultOrA503() throws Exception {
        Path big = paddedModel(4 << 20); // larger than the socket buffers, so refused bodies are still being sent
        try (ProfilingAgent agent = ProfilingAgent.start(config("work-many").maxQueue(1).build())) {
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            URI measure = URI.create(agent.url() + "/measure?warmup=1&min_runs=3&max_runs=3");
            List<CompletableFuture<HttpResponse<String>>> all = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                all.add(http.sendAsync(HttpRequest.newBuilder(measure).header("Authorization", "Bearer " + TOKEN)
                        .timeout(Duration.ofSeconds(120)).POST(HttpRequest.BodyPublishers.ofFile(big)).build(),
                        HttpResponse.BodyHandlers.ofString()));
            }
            int ok = 0;
            for (CompletableFuture<HttpResponse<String>> f : all) {
                HttpResponse<String> r = f.get(180, TimeUnit.SECONDS); // an IOException (reset) fails here
                assertTrue(r.statusCode() == 200 || r.statusCode() == 503, r.statusCode() + " " + r.body());
                ok += r.statusCode() == 200 ? 1 : 0;
            }
            assertTrue(ok >= 1, "at least the first is measured");
            assertEquals(ok, agent.measured());
            assertEquals(200, health(agent.url(), Duration.ofSeconds(30)).statusCode());
            try (Stream<Path> left = Files.list(dir.resolve("work-many"))) {
                assertEquals(List.of(), left.toList(), "every upload deleted");
            }
        }
    }

    /** The test model with an unused initializer of {@code bytes} zeros: valid, and as large as wanted. */
    private static Path paddedModel(int bytes) throws IOException {
        Onnx.ModelProto m = Onnx.ModelProto.parseFrom(Files.readAllBytes(model));
        Onnx.TensorProto pad = Onnx.TensorProto.newBuilder().setName("pad").addDims(bytes / 4)
                .setDataType(Onnx.TensorProto.DataType.FLOAT_VALUE).setRawData(ByteString.copyFrom(new byte[bytes]))
                .build();
        Onnx.ModelProto padded = m.toBuilder().setGraph(m.getGraph().toBuilder().addInitializer(pad)).build();
        return Files.write(dir.resolve("padded.onnx"), padded.toByteArray());
    }

    @Test
    void refusalsComeBeforeTheBodyAndCloseTheConnectionInOrder() throws Exception {
        try (ProfilingAgent agent = ProfilingAgent.start(config("work-refuse").maxUploadBytes(1000).build())) {
            URI u = agent.url();
            String auth = "Authorization: Bearer " + TOKEN + "\r\n";
            RawExchange none = RawExchange.send(u, "POST /measure HTTP/1.1\r\nContent-Length: 5\r\n\r\nabcde");
            assertEquals(401, none.status());
            assertTrue(none.answer().contains("WWW-Authenticate: Bearer\r\n"), none.answer());
            assertTrue(none.answer().contains("Connection: close\r\n"), none.answer());
            assertFalse(none.reset());
            assertEquals(411, RawExchange.send(u, "POST /measure HTTP/1.1\r\n" + auth
                    + "Transfer-Encoding: chunked\r\n\r\n5\r\nabcde\r\n0\r\n\r\n").status());
            assertEquals(413, RawExchange.send(u, "POST /measure HTTP/1.1\r\n" + auth
                    + "Content-Length: 1001\r\n\r\n").status());
            assertEquals(400, RawExchange.send(u, "POST /measure HTTP/1.1\r\n" + auth
                    + "Content-Length: -5\r\n\r\n").status());
            assertEquals(400, RawExchange.send(u, "GET  /health HTTP/1.1\r\n" + auth + "\r\n").status());
            RawExchange big = RawExchange.send(u, "GET /health HTTP/1.1\r\nX: " + "a".repeat(AgentFront.MAX_HEAD)
                    + "\r\n\r\n");
            assertEquals(431, big.status());
            assertEquals(404, RawExchange.send(u, "GET /health/../x HTTP/1.1\r\n" + auth + "\r\n").status());
            RawExchange ok = RawExchange.send(u, "GET /health HTTP/1.0\r\n" + auth + "\r\n");
            assertEquals(200, ok.status(), ok.answer());
            assertFalse(ok.reset());
        }
    }

    @Test
    void aPortInUseIsNamedWithItsAddress() throws Exception {
        try (ProfilingAgent first = ProfilingAgent.start(config("work-port").build())) {
            int port = first.url().getPort();
            BindException e = assertThrows(BindException.class,
                    () -> ProfilingAgent.start(config("work-port2").port(port).build()));
            assertTrue(e.getMessage().startsWith("cannot listen on 127.0.0.1:" + port + ": "), e.getMessage());
            assertEquals(200, health(first.url(), Duration.ofSeconds(30)).statusCode());
        }
    }
}
