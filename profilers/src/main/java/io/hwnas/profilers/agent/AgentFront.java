package io.hwnas.profilers.agent;

import com.fasterxml.jackson.databind.JsonNode;
import io.hwnas.devices.remote.AgentProtocol;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The agent's network side: one selector thread does every socket read and write, so a connection holds no thread
 * while it sends its request, and a slow client blocks nobody. Each connection speaks one request and is closed:
 * <ol>
 * <li>its head (request line and fields, at most {@value #MAX_HEAD} bytes) must arrive within {@code headTime} of
 *     the connection, else it is closed; then the {@link Handler} (the agent, on this thread) answers it at once
 *     (authentication, refusals, health) or admits an upload of a declared length;</li>
 * <li>an admitted body must arrive within {@code requestTime} of the connection; it is written to the upload's sink
 *     and the upload's work starts; its answer is written when the work completes;</li>
 * <li>after the answer the connection is half-closed and drained for {@value #LINGER_MS} ms, so that a client still
 *     sending a refused body reads the answer rather than a connection reset.</li>
 * </ol>
 * Connections are capped in all and per client address. A new connection over a cap closes the oldest one that is
 * not admitted (still sending its head, refused, or draining), so that an attacker who reconnects churns only its
 * own connections while a client that sends its head at once always gets through; if every connection is admitted
 * work, the new one is closed.
 */
final class AgentFront implements AutoCloseable {

    static final int MAX_HEAD = 16 * 1024;
    static final long LINGER_MS = 2_000;
    private static final byte[] END_OF_HEAD = {'\r', '\n', '\r', '\n'};
    private static final byte[] CONTINUE = "HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final long QUIET_NS = TimeUnit.SECONDS.toNanos(10);

    /** What the agent does with a request head; called on the front's thread, so it must not block. */
    interface Handler {
        Step head(RequestHead head);
    }

    sealed interface Step permits Answer, Upload {}

    /** A reply: status and JSON body. */
    record Answer(int status, JsonNode body) implements Step {
        static Answer error(int status, String reason) {
            return new Answer(status, AgentProtocol.error(reason));
        }
    }

    /**
     * An admitted upload of {@link #length()} bytes into {@link #sink()}; then exactly one of {@link #received()}
     * (the body is complete and the sink closed: start the work) or {@link #abandoned()} (it never arrived).
     */
    non-sealed interface Upload extends Step {
        long length();

        WritableByteChannel sink();

        CompletionStage<Answer> received();

        void abandoned();
    }

    /** How long a client has, and how many connections it may hold. */
    record Limits(Duration headTime, Duration requestTime, int maxConnections, int maxPerClient) {}

    private enum State { HEAD, BODY, WORK, WRITE, LINGER }

    private final class Conn {
        final SocketChannel ch;
        final SelectionKey key;
        final InetAddress client;
        final SocketAddress remote;
        final long accepted;
        long deadline;
        State state = State.HEAD;
        ByteBuffer in = ByteBuffer.allocate(1024);
        int scanned;
        String what = "a request";
        Upload upload;
        long remaining;
        ByteBuffer out;
        boolean admitted;

        Conn(SocketChannel ch, long now) throws IOException {
            this.ch = ch;
            this.remote = ch.getRemoteAddress();
            this.client = ((InetSocketAddress) remote).getAddress();
            this.accepted = now;
            this.deadline = now + limits.headTime().toNanos();
            this.key = ch.register(selector, SelectionKey.OP_READ, this);
        }

        boolean evictable() {
            return !admitted || state == State.LINGER;
        }
    }

    private final Limits limits;
    private final Handler handler;
    private final Consumer<String> log;
    private final ServerSocketChannel server;
    private final Selector selector;
    private final Set<Conn> conns = new LinkedHashSet<>();
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final ByteBuffer scratch = ByteBuffer.allocate(1 << 16);
    private final Thread thread;
    private volatile boolean closed;
    private long dropped;
    private long lastDropLog = System.nanoTime() - QUIET_NS;

    private AgentFront(InetSocketAddress bind, Limits limits, Handler handler, Consumer<String> log)
            throws IOException {
        this.limits = limits;
        this.handler = handler;
        this.log = log;
        this.selector = Selector.open();
        this.server = ServerSocketChannel.open();
        try {
            server.bind(bind, 128);
            server.configureBlocking(false);
            server.register(selector, SelectionKey.OP_ACCEPT);
        } catch (IOException e) {
            server.close();
            selector.close();
            if (e instanceof BindException) {
                BindException named = new BindException("cannot listen on " + hostPort(bind) + ": " + e.getMessage());
                named.initCause(e);
                throw named;
            }
            throw e;
        }
        this.thread = new Thread(this::loop, "hwnas-agent-front");
        thread.setDaemon(true);
        thread.start();
    }

    static AgentFront start(InetSocketAddress bind, Limits limits, Handler handler, Consumer<String> log)
            throws IOException {
        return new AgentFront(bind, Objects.requireNonNull(limits), Objects.requireNonNull(handler), log);
    }

    /** The address it listens on, with the port chosen if 0 was asked. */
    InetSocketAddress address() {
        try {
            return (InetSocketAddress) server.getLocalAddress();
        } catch (IOException e) {
            throw new IllegalStateException("agent is closed", e);
        }
    }

    static String hostPort(InetSocketAddress a) {
        String host = a.getAddress().getHostAddress();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort();
    }

    @Override
    public void close() {
        closed = true;
        selector.wakeup();
        if (Thread.currentThread() != thread) {
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void loop() {
        try {
            while (!closed) {
                try {
                    selector.select(this::ready, pollMillis());
                    for (Runnable r; (r = tasks.poll()) != null; ) {
                        r.run();
                    }
                    expire(System.nanoTime());
                } catch (RuntimeException e) {
                    log.accept("internal error, serving on: " + e); // one connection's bug must not stop the rest
                }
            }
        } catch (IOException e) {
            log.accept("agent front stopped: " + e);
        } finally {
            new ArrayList<>(conns).forEach(c -> drop(c, null));
            try {
                server.close();
                selector.close();
            } catch (IOException e) {
                log.accept("could not close the listening socket: " + e.getMessage());
            }
        }
    }

    /** Until the nearest deadline, within 1 ms to 1 s. */
    private long pollMillis() {
        long now = System.nanoTime();
        long next = now + TimeUnit.SECONDS.toNanos(1);
        for (Conn c : conns) {
            if (c.state != State.WORK && c.deadline - next < 0) {
                next = c.deadline;
            }
        }
        return Math.max(1, TimeUnit.NANOSECONDS.toMillis(next - now) + 1);
    }

    private void ready(SelectionKey key) {
        if (!key.isValid()) {
            return;
        }
        if (key.channel() == server) {
            acceptAll();
            return;
        }
        Conn c = (Conn) key.attachment();
        try {
            if (key.isReadable()) {
                read(c);
            }
            if (key.isValid() && key.isWritable()) {
                write(c);
            }
        } catch (IOException e) {
            drop(c, "connection failed: " + e.getMessage());
        } catch (RuntimeException e) {
            log.accept("internal error on a connection from " + c.remote + ": " + e);
            drop(c, null);
        }
    }

    private void acceptAll() {
        for (int i = 0; i < 64; i++) {
            SocketChannel ch;
            try {
                ch = server.accept();
            } catch (IOException e) {
                log.accept("could not accept a connection: " + e.getMessage());
                return;
            }
            if (ch == null) {
                return;
            }
            try {
                ch.configureBlocking(false);
                InetAddress client = ((InetSocketAddress) ch.getRemoteAddress()).getAddress();
                if (makeRoom(client)) {
                    conns.add(new Conn(ch, System.nanoTime()));
                } else {
                    ch.close();
                    noteDrop("refused a connection from " + client.getHostAddress() + ": every connection is busy");
                }
            } catch (IOException | RuntimeException e) {
                closeQuietly(ch);
            }
        }
    }

    /** Whether a new connection from this client fits, after closing the oldest idle ones over a cap. */
    private boolean makeRoom(InetAddress client) {
        long mine = conns.stream().filter(c -> c.client.equals(client)).count();
        if (mine >= limits.maxPerClient() && !evictOldest(c -> c.client.equals(client))) {
            return false;
        }
        return conns.size() < limits.maxConnections() || evictOldest(c -> true);
    }

    private boolean evictOldest(Predicate<Conn> among) {
        for (Conn c : conns) {
            if (among.test(c) && c.evictable()) {
                drop(c, "closed " + c.remote + " to make room for a new connection (at most "
                        + limits.maxPerClient() + " per client, " + limits.maxConnections() + " in all)");
                return true;
            }
        }
        return false;
    }

    private void read(Conn c) throws IOException {
        switch (c.state) {
            case HEAD -> readHead(c);
            case BODY -> readBody(c);
            case LINGER -> {
                scratch.clear();
                if (c.ch.read(scratch) < 0) {
                    drop(c, null);
                }
            }
            default -> c.key.interestOps(c.state == State.WRITE ? SelectionKey.OP_WRITE : 0);
        }
    }

    private void readHead(Conn c) throws IOException {
        if (!c.in.hasRemaining()) {
            ByteBuffer bigger = ByteBuffer.allocate(Math.min(MAX_HEAD, c.in.capacity() * 4));
            c.in.flip();
            c.in = bigger.put(c.in);
        }
        if (c.ch.read(c.in) < 0) {
            drop(c, c.in.position() == 0 ? null : "closed by " + c.remote + " before its request was complete");
            return;
        }
        int end = indexOf(c.in, c.scanned);
        if (end < 0) {
            c.scanned = Math.max(0, c.in.position() - END_OF_HEAD.length + 1);
            if (c.in.position() >= MAX_HEAD) {
                respond(c, Answer.error(431, "request head exceeds " + MAX_HEAD + " bytes"));
            }
            return;
        }
        byte[] head = new byte[end];
        c.in.flip();
        c.in.get(head);
        c.in.position(end + END_OF_HEAD.length);
        ByteBuffer rest = c.in.slice();
        c.in = null;
        headDone(c, head, rest);
    }

    private static int indexOf(ByteBuffer b, int from) {
        int n = b.position();
        outer:
        for (int i = from; i + END_OF_HEAD.length <= n; i++) {
            for (int j = 0; j < END_OF_HEAD.length; j++) {
                if (b.get(i + j) != END_OF_HEAD[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private void headDone(Conn c, byte[] headBytes, ByteBuffer rest) throws IOException {
        RequestHead head;
        Step step;
        try {
            head = RequestHead.parse(headBytes);
            c.what = head.method() + " " + RequestHead.clip(head.path());
            step = handler.head(head);
        } catch (IllegalArgumentException e) {
            respond(c, Answer.error(400, "malformed request: " + e.getMessage()));
            return;
        } catch (RuntimeException e) {
            respond(c, Answer.error(500, "internal error: " + e)); // a bug, and a fuzz test's finding
            return;
        }
        if (step instanceof Answer a) {
            c.admitted = a.status() == 200;
            respond(c, a);
            return;
        }
        c.admitted = true;
        c.upload = (Upload) step;
        c.remaining = c.upload.length();
        c.state = State.BODY;
        c.deadline = c.accepted + limits.requestTime().toNanos();
        if ("100-continue".equalsIgnoreCase(head.header("expect"))) {
            c.ch.write(ByteBuffer.wrap(CONTINUE)); // 25 bytes into an empty send buffer: all of it at once
        }
        store(c, rest);
    }

    private void readBody(Conn c) throws IOException {
        scratch.clear();
        scratch.limit((int) Math.min(scratch.capacity(), c.remaining));
        int n = c.ch.read(scratch);
        if (n < 0) {
            drop(c, "closed by " + c.remote + " before its body was complete");
            return;
        }
        scratch.flip();
        store(c, scratch);
    }

    /** Writes what came of the body to the upload's sink; starts the work when all of it is there. */
    private void store(Conn c, ByteBuffer data) {
        if (data.remaining() > c.remaining) {
            data.limit(data.position() + (int) c.remaining); // bytes after the body: not ours to read
        }
        try {
            c.remaining -= data.remaining();
            while (data.hasRemaining()) {
                c.upload.sink().write(data);
            }
            if (c.remaining > 0) {
                return;
            }
            c.upload.sink().close();
        } catch (IOException e) {
            abandon(c);
            respond(c, Answer.error(500, "could not store the upload: " + e.getMessage()));
            return;
        }
        c.state = State.WORK; // no deadline: the work answers, within its own time limit
        c.key.interestOps(0);
        Upload u = c.upload;
        c.upload = null;
        u.received().whenComplete((a, failure) -> post(() -> {
            if (c.state == State.WORK && c.key.isValid()) {
                respond(c, a != null ? a : Answer.error(500, "internal error: " + failure));
            }
        }));
    }

    private void post(Runnable task) {
        tasks.add(task);
        selector.wakeup();
    }

    private void respond(Conn c, Answer a) {
        if (a.status() != 200) {
            log.accept("refused " + c.what + " from " + c.remote + ": HTTP " + a.status() + " "
                    + a.body().path("error").asText());
        }
        byte[] body = (AgentProtocol.toJson(a.body()) + "\n").getBytes(StandardCharsets.UTF_8);
        String head = "HTTP/1.1 " + a.status() + " " + reason(a.status()) + "\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + body.length + "\r\nConnection: close\r\n"
                + (a.status() == 401 ? "WWW-Authenticate: Bearer\r\n" : "") + "\r\n";
        byte[] h = head.getBytes(StandardCharsets.US_ASCII);
        c.out = ByteBuffer.allocate(h.length + body.length).put(h).put(body).flip();
        c.state = State.WRITE;
        c.deadline = System.nanoTime() + limits.requestTime().toNanos();
        c.key.interestOps(SelectionKey.OP_WRITE);
        try {
            write(c);
        } catch (IOException e) {
            drop(c, null);
        }
    }

    private void write(Conn c) throws IOException {
        if (c.state != State.WRITE) {
            c.key.interestOps(c.state == State.WORK ? 0 : SelectionKey.OP_READ);
            return;
        }
        c.ch.write(c.out);
        if (c.out.hasRemaining()) {
            return;
        }
        c.out = null;
        c.ch.shutdownOutput();
        c.state = State.LINGER;
        c.deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(LINGER_MS);
        c.key.interestOps(SelectionKey.OP_READ);
    }

    private void expire(long now) {
        for (Conn c : new ArrayList<>(conns)) {
            if (c.state == State.WORK || now - c.deadline < 0) {
                continue;
            }
            switch (c.state) {
                case HEAD -> drop(c, "closed " + c.remote + ": its request head did not arrive within "
                        + seconds(limits.headTime()));
                case BODY -> drop(c, "closed " + c.remote + ": its request did not arrive within "
                        + seconds(limits.requestTime()));
                case WRITE -> drop(c, "closed " + c.remote + ": it did not read its answer");
                default -> drop(c, null);
            }
        }
    }

    /** The upload of a connection whose body will not come: its sink closed, the agent told. */
    private void abandon(Conn c) {
        Upload u = c.upload;
        c.upload = null;
        if (u != null) {
            closeQuietly(u.sink());
            u.abandoned();
        }
    }

    /** Closes the connection; {@code why}, if given, is logged (at most one line per 10 s, with a count). */
    private void drop(Conn c, String why) {
        abandon(c);
        conns.remove(c);
        c.key.cancel();
        closeQuietly(c.ch);
        if (why != null) {
            noteDrop(why);
        }
    }

    private void noteDrop(String why) {
        dropped++;
        long now = System.nanoTime();
        if (now - lastDropLog >= QUIET_NS) {
            log.accept(why + (dropped > 1 ? " (" + dropped + " connections dropped since the last such line)" : ""));
            lastDropLog = now;
            dropped = 0;
        }
    }

    private static void closeQuietly(java.io.Closeable c) {
        try {
            c.close();
        } catch (IOException e) {
            // closing a connection we give up on: nothing more to do
        }
    }

    static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    private static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 411 -> "Length Required";
            case 413 -> "Request Entity Too Large";
            case 422 -> "Unprocessable Entity";
            case 431 -> "Request Header Fields Too Large";
            case 503 -> "Service Unavailable";
            case 504 -> "Gateway Timeout";
            default -> "Error";
        };
    }
}
