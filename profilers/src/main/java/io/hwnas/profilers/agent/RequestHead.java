package io.hwnas.profilers.agent;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The request line and header fields of one HTTP/1.x request, as {@link AgentFront} reads them before any worker is
 * involved. Strict on purpose: the agent's only clients are hwnas and scripts, so anything unusual is refused rather
 * than guessed at.
 *
 * <pre>{@code
 * RequestHead h = RequestHead.parse("GET /health HTTP/1.1\r\nAuthorization: Bearer abc\r\n".getBytes(US_ASCII));
 * h.path();                      // "/health"
 * h.header("authorization");     // "Bearer abc" (names are case-insensitive)
 * }</pre>
 *
 * @param method  the request method, e.g. {@code GET}
 * @param path    the raw path (still percent-encoded), always starting with {@code /}
 * @param query   the raw query after {@code ?}, or null when there is none
 * @param headers field values by lower-case name; a field given twice with different values is refused
 */
public record RequestHead(String method, String path, String query, Map<String, String> headers) {

    static final int MAX_FIELDS = 64;

    public RequestHead {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    }

    /** The value of a field (any case), or null. */
    public String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }

    /**
     * Parses the bytes before the blank line that ends a request's head (the final CRLF CRLF not included).
     *
     * @throws IllegalArgumentException saying what is malformed (the agent answers it with 400)
     */
    public static RequestHead parse(byte[] head) {
        String text = new String(head, StandardCharsets.ISO_8859_1);
        String[] lines = text.split("\r\n", -1);
        if (lines.length - 1 > MAX_FIELDS) {
            throw new IllegalArgumentException("more than " + MAX_FIELDS + " header fields");
        }
        String[] parts = lines[0].split(" ", -1);
        if (parts.length != 3) {
            throw new IllegalArgumentException("request line must be METHOD TARGET HTTP/1.1");
        }
        String method = parts[0];
        if (method.isEmpty() || !method.chars().allMatch(RequestHead::isTokenChar)) {
            throw new IllegalArgumentException("malformed method");
        }
        if (!parts[2].equals("HTTP/1.1") && !parts[2].equals("HTTP/1.0")) {
            throw new IllegalArgumentException("only HTTP/1.1 and HTTP/1.0 are spoken here");
        }
        String target = parts[1];
        if (!target.startsWith("/") || !target.chars().allMatch(c -> c > 32 && c < 127) || target.contains("#")) {
            throw new IllegalArgumentException("request target must be a path, e.g. /health");
        }
        int q = target.indexOf('?');
        Map<String, String> fields = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            field(lines[i], fields);
        }
        return new RequestHead(method, q < 0 ? target : target.substring(0, q), q < 0 ? null : target.substring(q + 1),
                fields);
    }

    private static void field(String line, Map<String, String> fields) {
        int colon = line.indexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("malformed header field (NAME: VALUE expected)");
        }
        String name = line.substring(0, colon);
        if (!name.chars().allMatch(RequestHead::isTokenChar)) {
            throw new IllegalArgumentException("malformed header field name"); // also refuses folded lines
        }
        String value = line.substring(colon + 1).strip();
        if (!value.chars().allMatch(c -> c == '\t' || (c >= 32 && c != 127))) {
            throw new IllegalArgumentException("control character in header field " + clip(name));
        }
        String old = fields.putIfAbsent(name.toLowerCase(Locale.ROOT), value);
        if (old != null && !old.equals(value)) {
            throw new IllegalArgumentException("header field " + clip(name) + " given twice with different values");
        }
    }

    static String clip(String s) {
        String t = s.replaceAll("[^\\x20-\\x7e]", "?");
        return t.length() > 40 ? t.substring(0, 40) + "..." : t;
    }

    /** RFC 9110's tchar. */
    private static boolean isTokenChar(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
    }
}
