package io.hwnas.devices.remote;

import java.net.URI;
import java.util.Objects;

/**
 * A profiling agent could not be reached or refused a request. The message names the agent's URL and, where the
 * agent answered, its HTTP status and reason: {@code agent at http://127.0.0.1:9999 refused the token (HTTP 401)}.
 */
public final class AgentException extends Exception {

    private static final long serialVersionUID = 1L;

    /** {@link #status()} when no HTTP answer came back (connection refused, timed out). */
    public static final int NO_ANSWER = 0;

    private final URI agent;
    private final int status;

    public AgentException(String message, URI agent, int status, Throwable cause) {
        super(message, cause);
        this.agent = Objects.requireNonNull(agent, "agent");
        this.status = status;
    }

    public URI agent() {
        return agent;
    }

    /** The HTTP status the agent answered, or {@link #NO_ANSWER}. */
    public int status() {
        return status;
    }
}
