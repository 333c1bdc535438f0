package io.hwnas.profilers.agent;

import io.hwnas.devices.spi.DeviceProfile;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * How a {@link ProfilingAgent} listens, whom it serves and how much it accepts.
 *
 * <pre>{@code
 * AgentConfig c = AgentConfig.builder(token, LocalCpuProfile.oneThread(), workDir).port(0).build();
 * AgentConfig big = c.toBuilder().maxUploadBytes(1L << 30).build();
 * }</pre>
 *
 * @param bind                 the address to listen on; loopback unless {@code allowRemote}
 * @param port                 0 for any free port
 * @param token                the bearer token every request must carry (not shown by {@link #toString()})
 * @param maxUploadBytes       a larger model is refused with 413 before it is read
 * @param maxQueue             measurements that may wait behind the running one; more get 503
 * @param maxMeasurementTime   the largest time budget a request may ask for; a request gives up (504) after its
 *                             queue's share of this
 * @param requestReadTimeout   time allowed to send one request, head and body, from the connection; a slower
 *                             client is cut off
 * @param headerTimeout        time allowed to send a request's head (request line and fields), from the connection;
 *                             far shorter than {@code requestReadTimeout}, since a head is small (the shorter of
 *                             the two applies)
 * @param maxConnections       open connections in all; more than {@code maxQueue + 1}, so that a full queue leaves
 *                             room for others
 * @param maxConnectionsPerClient open connections from one address, at most {@code maxConnections}
 * @param workDir              where uploads are written, under names the agent chooses, and deleted after use
 * @param log                  one line per event (start, measurement, refusal)
 */
public record AgentConfig(InetAddress bind, int port, String token, long maxUploadBytes, int maxQueue,
                          Duration maxMeasurementTime, Duration requestReadTimeout, Duration headerTimeout,
                          int maxConnections, int maxConnectionsPerClient, Path workDir, DeviceProfile device,
                          boolean allowRemote, Consumer<String> log) {

    public static final long DEFAULT_MAX_UPLOAD_BYTES = 256L << 20;
    public static final int DEFAULT_MAX_QUEUE = 4;
    public static final Duration DEFAULT_MAX_MEASUREMENT_TIME = Duration.ofMinutes(5);
    public static final Duration DEFAULT_REQUEST_READ_TIMEOUT = Duration.ofSeconds(60);
    public static final Duration DEFAULT_HEADER_TIMEOUT = Duration.ofSeconds(10);
    public static final int DEFAULT_MAX_CONNECTIONS = 256;
    public static final int DEFAULT_MAX_CONNECTIONS_PER_CLIENT = 64;

    public AgentConfig {
        Objects.requireNonNull(bind, "bind");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be in 0..65535, but was " + port);
        }
        Objects.requireNonNull(token, "token");
        if (token.isBlank() || !token.chars().allMatch(c -> c > 32 && c < 127)) {
            throw new IllegalArgumentException("token must be non-empty printable ASCII without spaces");
        }
        if (maxUploadBytes < 1) {
            throw new IllegalArgumentException("maxUploadBytes must be > 0, but was " + maxUploadBytes);
        }
        if (maxQueue < 0) {
            throw new IllegalArgumentException("maxQueue must be >= 0, but was " + maxQueue);
        }
        requirePositive("maxMeasurementTime", maxMeasurementTime);
        requirePositive("requestReadTimeout", requestReadTimeout);
        requirePositive("headerTimeout", headerTimeout);
        if (maxConnections <= maxQueue + 1) {
            throw new IllegalArgumentException("maxConnections must be > maxQueue + 1 = " + (maxQueue + 1L)
                    + " (room for a request beside a full queue), but was " + maxConnections);
        }
        if (maxConnectionsPerClient < 1 || maxConnectionsPerClient > maxConnections) {
            throw new IllegalArgumentException("maxConnectionsPerClient must be in 1.." + maxConnections + ", but was "
                    + maxConnectionsPerClient);
        }
        Objects.requireNonNull(workDir, "workDir");
        workDir = workDir.toAbsolutePath().normalize();
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(log, "log");
        if (!allowRemote && !bind.isLoopbackAddress()) {
            throw new IllegalArgumentException("bind must be a loopback address unless remote access is allowed, but was "
                    + bind.getHostAddress());
        }
    }

    private static void requirePositive(String field, Duration d) {
        Objects.requireNonNull(d, field);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(field + " must be > 0, but was " + d);
        }
    }

    @Override
    public String toString() {
        return "AgentConfig[bind=" + bind.getHostAddress() + ", port=" + port + ", token=(hidden), maxUploadBytes="
                + maxUploadBytes + ", maxQueue=" + maxQueue + ", maxMeasurementTime=" + maxMeasurementTime
                + ", requestReadTimeout=" + requestReadTimeout + ", headerTimeout=" + headerTimeout
                + ", maxConnections=" + maxConnections + ", maxConnectionsPerClient=" + maxConnectionsPerClient
                + ", workDir=" + workDir + ", device=" + device.id()
                + ", allowRemote=" + allowRemote + "]";
    }

    /** Loopback, any free port, and the defaults above; nothing logged. */
    public static Builder builder(String token, DeviceProfile device, Path workDir) {
        return new Builder(token, device, workDir);
    }

    public Builder toBuilder() {
        return new Builder(token, device, workDir).bind(bind).port(port).maxUploadBytes(maxUploadBytes)
                .maxQueue(maxQueue).maxMeasurementTime(maxMeasurementTime).requestReadTimeout(requestReadTimeout)
                .headerTimeout(headerTimeout).maxConnections(maxConnections)
                .maxConnectionsPerClient(maxConnectionsPerClient).allowRemote(allowRemote).log(log);
    }

    public static final class Builder {
        private String token;
        private DeviceProfile device;
        private Path workDir;
        private InetAddress bind = InetAddress.getLoopbackAddress();
        private int port;
        private long maxUploadBytes = DEFAULT_MAX_UPLOAD_BYTES;
        private int maxQueue = DEFAULT_MAX_QUEUE;
        private Duration maxMeasurementTime = DEFAULT_MAX_MEASUREMENT_TIME;
        private Duration requestReadTimeout = DEFAULT_REQUEST_READ_TIMEOUT;
        private Duration headerTimeout = DEFAULT_HEADER_TIMEOUT;
        private int maxConnections = DEFAULT_MAX_CONNECTIONS;
        private int maxConnectionsPerClient = DEFAULT_MAX_CONNECTIONS_PER_CLIENT;
        private boolean allowRemote;
        private Consumer<String> log = line -> { };

        private Builder(String token, DeviceProfile device, Path workDir) {
            this.token = token;
            this.device = device;
            this.workDir = workDir;
        }

        public Builder bind(InetAddress bind) {
            this.bind = bind;
            return this;
        }

        /** Resolves a host name or address literal. */
        public Builder bind(String host) {
            try {
                this.bind = InetAddress.getByName(host);
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("bind address not known: " + host, e);
            }
            return this;
        }

        public Builder port(int port) {
            this.port = port;
            return this;
        }

        public Builder maxUploadBytes(long maxUploadBytes) {
            this.maxUploadBytes = maxUploadBytes;
            return this;
        }

        public Builder maxQueue(int maxQueue) {
            this.maxQueue = maxQueue;
            return this;
        }

        public Builder maxMeasurementTime(Duration maxMeasurementTime) {
            this.maxMeasurementTime = maxMeasurementTime;
            return this;
        }

        public Builder requestReadTimeout(Duration requestReadTimeout) {
            this.requestReadTimeout = requestReadTimeout;
            return this;
        }

        public Builder headerTimeout(Duration headerTimeout) {
            this.headerTimeout = headerTimeout;
            return this;
        }

        public Builder maxConnections(int maxConnections) {
            this.maxConnections = maxConnections;
            return this;
        }

        public Builder maxConnectionsPerClient(int maxConnectionsPerClient) {
            this.maxConnectionsPerClient = maxConnectionsPerClient;
            return this;
        }

        public Builder allowRemote(boolean allowRemote) {
            this.allowRemote = allowRemote;
            return this;
        }

        public Builder log(Consumer<String> log) {
            this.log = log;
            return this;
        }

        public AgentConfig build() {
            return new AgentConfig(bind, port, token, maxUploadBytes, maxQueue, maxMeasurementTime, requestReadTimeout,
                    headerTimeout, maxConnections, maxConnectionsPerClient, workDir, device, allowRemote, log);
        }
    }
}
