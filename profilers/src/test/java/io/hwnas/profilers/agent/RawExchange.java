package io.hwnas.profilers.agent;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * One request as raw bytes over loopback, and what came back: the status (0 when the agent closed without
 * answering), the whole answer, and whether the connection ended in a reset rather than an orderly close.
 */
record RawExchange(int status, String answer, boolean reset) {

    /** Sends the bytes, half-closes, and reads until the agent closes (at most {@code timeoutMs} per read). */
    static RawExchange send(URI agent, byte[] request, int timeoutMs) throws IOException {
        try (Socket s = new Socket(agent.getHost(), agent.getPort())) {
            s.setSoTimeout(timeoutMs);
            try {
                s.getOutputStream().write(request);
                s.shutdownOutput();
            } catch (SocketException closedEarly) {
                // the agent answered and closed before taking it all: read what it said
            }
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            boolean reset = false;
            InputStream in = s.getInputStream();
            byte[] buf = new byte[8192];
            try {
                for (int n; (n = in.read(buf)) >= 0; ) {
                    got.write(buf, 0, n);
                }
            } catch (SocketException e) {
                reset = true;
            }
            String answer = got.toString(StandardCharsets.ISO_8859_1);
            return new RawExchange(status(answer), answer, reset);
        }
    }

    static RawExchange send(URI agent, String request) throws IOException {
        return send(agent, request.getBytes(StandardCharsets.ISO_8859_1), 30_000);
    }

    /** The final status: after an interim {@code 100 Continue}, the answer's. */
    private static int status(String answer) {
        if (answer.startsWith("HTTP/1.1 100 ") && answer.contains("\r\n\r\n")) {
            return status(answer.substring(answer.indexOf("\r\n\r\n") + 4));
        }
        if (!answer.startsWith("HTTP/1.1 ") || answer.length() < 12) {
            return 0;
        }
        try {
            return Integer.parseInt(answer.substring(9, 12));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
