package io.hwnas.profilers.agent;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Connections that send a request head one byte at a time and never finish it (a "slowloris"), from one thread: each
 * connection sends a byte every {@code pauseMs}; one the agent closes is counted and opened again, as an attacker
 * who reconnects would. Closing this stops the thread and closes every connection.
 */
final class SlowClients implements AutoCloseable {

    private static final byte[] HEAD = ("GET /health HTTP/1.1\r\nHost: agent\r\nX-Slow: ").getBytes(
            StandardCharsets.US_ASCII);

    private final InetSocketAddress agent;
    private final Socket[] sockets;
    private final int[] sent;
    private final long pauseMs;
    private final AtomicInteger cutOff = new AtomicInteger();
    private final AtomicInteger bytes = new AtomicInteger();
    private final Thread thread;
    private volatile boolean closed;

    private SlowClients(URI agent, int count, long pauseMs) {
        this.agent = new InetSocketAddress(agent.getHost(), agent.getPort());
        this.sockets = new Socket[count];
        this.sent = new int[count];
        this.pauseMs = pauseMs;
        this.thread = new Thread(this::trickle, "slow-clients");
        thread.setDaemon(true);
    }

    /** Opens {@code count} connections to the agent at once, then trickles on a thread of its own. */
    static SlowClients open(URI agent, int count, long pauseMs) throws IOException {
        SlowClients s = new SlowClients(agent, count, pauseMs);
        for (int i = 0; i < count; i++) {
            s.sockets[i] = s.connect();
        }
        s.thread.start();
        return s;
    }

    private Socket connect() throws IOException {
        Socket s = new Socket();
        s.connect(agent, 5_000);
        return s;
    }

    /** Connections the agent closed (each one then opened again). */
    int cutOff() {
        return cutOff.get();
    }

    /** Bytes sent so far, over all connections. */
    int bytesSent() {
        return bytes.get();
    }

    /** Connections the agent has not closed, probed by a read that must time out (nothing is ever answered). */
    synchronized int stillOpen() {
        int open = 0;
        for (Socket s : sockets) {
            try {
                s.setSoTimeout(50);
                if (s.getInputStream().read() >= 0) {
                    continue; // an answer: the agent treated it as a request, not what we probe for
                }
            } catch (SocketTimeoutException stillWaiting) {
                open++;
            } catch (IOException closed) {
                // reset: closed
            }
        }
        return open;
    }

    private void trickle() {
        while (!closed) {
            synchronized (this) {
                for (int i = 0; i < sockets.length && !closed; i++) {
                    send(i);
                }
            }
            try {
                Thread.sleep(pauseMs);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void send(int i) {
        try {
            OutputStream out = sockets[i].getOutputStream();
            out.write(sent[i] < HEAD.length ? HEAD[sent[i]] : 'z');
            out.flush();
            sent[i]++;
            bytes.incrementAndGet();
        } catch (IOException e) {
            if (sockets[i].isConnected()) {
                cutOff.incrementAndGet();
            }
            close(sockets[i]);
            sent[i] = 0;
            try {
                sockets[i] = connect();
            } catch (IOException refused) {
                sockets[i] = new Socket(); // not connected: its next write fails, and it tries again
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<Socket> all;
        synchronized (this) {
            all = new ArrayList<>(List.of(sockets));
        }
        all.forEach(SlowClients::close);
    }

    private static void close(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // closing a test connection
        }
    }
}
