package io.hwnas.cli.device;

import io.hwnas.cli.DeviceOptions;
import io.hwnas.core.config.HwnasHome;
import io.hwnas.devices.remote.TokenFile;
import io.hwnas.devices.spi.DeviceProfile;
import io.hwnas.profilers.agent.AgentConfig;
import io.hwnas.profilers.agent.ProfilingAgent;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "agent", mixinStandardHelpOptions = true,
        description = {"Run the profiling agent on this machine: it measures ONNX models uploaded over HTTP "
                + "(GET /health, POST /measure) and answers the statistics as JSON.",
            "Prints the URL it listens on, then serves until stopped. Reach it from elsewhere through an SSH tunnel "
                + "(ssh -L 7070:127.0.0.1:7070 pi) rather than a non-loopback --bind."})
public final class AgentCommand implements Callable<Integer> {

    @Option(names = "--bind", paramLabel = "ADDRESS", description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String bind = "127.0.0.1";

    @Option(names = "--port", paramLabel = "P", description = "Port; 0 for any free one (default: ${DEFAULT-VALUE}).")
    int port = 7070;

    @Option(names = "--token-file", paramLabel = "FILE", required = true,
            description = "File holding the bearer token clients must send (one line, no spaces).")
    Path tokenFile;

    @Mixin
    DeviceOptions devices;

    @Option(names = "--work-dir", paramLabel = "DIR",
            description = "Folder for uploads and runtime files (default: $HWNAS_HOME/agent).")
    Path workDir;

    @Option(names = "--max-upload-mib", paramLabel = "N", description = "Largest model accepted (default: ${DEFAULT-VALUE}).")
    long maxUploadMib = AgentConfig.DEFAULT_MAX_UPLOAD_BYTES >> 20;

    @Option(names = "--max-upload-bytes", paramLabel = "N", hidden = true, description = "Largest model, in bytes (tests).")
    Long maxUploadBytes;

    @Option(names = "--max-queue", paramLabel = "N",
            description = "Measurements that may wait behind the running one (default: ${DEFAULT-VALUE}).")
    int maxQueue = AgentConfig.DEFAULT_MAX_QUEUE;

    @Option(names = "--max-measure-time", paramLabel = "SECONDS",
            description = "Largest time budget a request may ask for (default: ${DEFAULT-VALUE}).")
    long maxMeasureSeconds = AgentConfig.DEFAULT_MAX_MEASUREMENT_TIME.toSeconds();

    @Option(names = "--read-timeout", paramLabel = "SECONDS",
            description = "Time a client has to send a request, model included (default: ${DEFAULT-VALUE}).")
    long readTimeoutSeconds = AgentConfig.DEFAULT_REQUEST_READ_TIMEOUT.toSeconds();

    @Option(names = "--header-timeout", paramLabel = "SECONDS",
            description = "Time a client has to send a request's head, from connecting (default: ${DEFAULT-VALUE}).")
    long headerTimeoutSeconds = AgentConfig.DEFAULT_HEADER_TIMEOUT.toSeconds();

    @Option(names = "--max-connections", paramLabel = "N", description = "Open connections in all; at most "
            + AgentConfig.DEFAULT_MAX_CONNECTIONS_PER_CLIENT + " from one address (default: ${DEFAULT-VALUE}).")
    int maxConnections = AgentConfig.DEFAULT_MAX_CONNECTIONS;

    @Option(names = "--allow-remote", description = "Allow a --bind address other than loopback (prefer an SSH tunnel).")
    boolean allowRemote;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        String token = TokenFile.read(tokenFile);
        if (token.length() < TokenFile.MIN_AGENT_TOKEN_LENGTH) {
            throw new IllegalArgumentException("the token in " + tokenFile + " has " + token.length()
                    + " characters; the agent needs at least " + TokenFile.MIN_AGENT_TOKEN_LENGTH
                    + " (make one: head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \\n' > " + tokenFile + ")");
        }
        PrintWriter err = spec.commandLine().getErr();
        TokenFile.check(tokenFile).ifPresent(w -> err.println("hwnas agent: warning: " + w));
        if (!allowRemote && !java.net.InetAddress.getByName(bind).isLoopbackAddress()) {
            throw new IllegalArgumentException("--bind " + bind + " is not a loopback address; reach the agent through "
                    + "an SSH tunnel, or add --allow-remote");
        }
        DeviceProfile device = devices.resolve();
        Path work = (workDir != null ? workDir : HwnasHome.fromEnvironment().dir().resolve("agent")).toAbsolutePath();
        if (maxUploadMib < 1) {
            throw new IllegalArgumentException("--max-upload-mib must be >= 1, but was " + maxUploadMib);
        }
        AgentConfig config = AgentConfig.builder(token, device, work).bind(bind).port(port)
                .maxUploadBytes(maxUploadBytes != null ? maxUploadBytes : maxUploadMib << 20).maxQueue(maxQueue)
                .maxMeasurementTime(Duration.ofSeconds(maxMeasureSeconds))
                .requestReadTimeout(Duration.ofSeconds(readTimeoutSeconds))
                .headerTimeout(Duration.ofSeconds(headerTimeoutSeconds)).maxConnections(maxConnections)
                .maxConnectionsPerClient(Math.min(maxConnections, AgentConfig.DEFAULT_MAX_CONNECTIONS_PER_CLIENT))
                .allowRemote(allowRemote)
                .log(line -> err.println("hwnas agent: " + line)).build();
        // ONNX Runtime unpacks its native library into java.io.tmpdir when it loads: keep that in the work folder too
        Path tmp = Files.createDirectories(config.workDir().resolve("tmp"));
        System.setProperty("java.io.tmpdir", tmp.toString());
        ProfilingAgent agent = ProfilingAgent.start(config);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            agent.close();
            stopped.countDown();
        }, "hwnas-agent-stop"));
        PrintWriter out = spec.commandLine().getOut();
        out.println("hwnas agent listening on " + agent.url() + " (device " + device.id() + ", work folder "
                + config.workDir() + ")");
        out.flush();
        stopped.await();
        return 0;
    }
}
