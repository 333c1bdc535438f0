package io.hwnas.profilers.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RequestHeadTest {

    private static RequestHead parse(String head) {
        return RequestHead.parse(head.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static String refusal(String head) {
        return assertThrows(IllegalArgumentException.class, () -> parse(head)).getMessage();
    }

    @Test
    void readsTheRequestLineAndFieldsWithNamesInAnyCase() {
        RequestHead h = parse("POST /measure?warmup=1&name=a%2Fb HTTP/1.1\r\nAUTHORIZATION:  Bearer x \r\n"
                + "Content-Length: 5");
        assertEquals("POST", h.method());
        assertEquals("/measure", h.path());
        assertEquals("warmup=1&name=a%2Fb", h.query());
        assertEquals("Bearer x", h.header("Authorization"));
        assertEquals("5", h.header("content-length"));
        assertNull(parse("GET /health HTTP/1.0").query());
    }

    @Test
    void refusesWhatIsNotAPlainRequestSayingWhat() {
        assertEquals("request line must be METHOD TARGET HTTP/1.1", refusal("GET  /health HTTP/1.1"));
        assertEquals("request line must be METHOD TARGET HTTP/1.1", refusal(""));
        assertEquals("malformed method", refusal("G(T /health HTTP/1.1"));
        assertEquals("only HTTP/1.1 and HTTP/1.0 are spoken here", refusal("GET /health HTTP/2.0"));
        assertEquals("request target must be a path, e.g. /health", refusal("GET http://x/health HTTP/1.1"));
        assertEquals("request target must be a path, e.g. /health", refusal("GET /h\u00e9 HTTP/1.1"));
        assertEquals("malformed header field (NAME: VALUE expected)", refusal("GET / HTTP/1.1\r\nno colon"));
        assertEquals("malformed header field name", refusal("GET / HTTP/1.1\r\nA: b\r\n folded: c"));
        assertEquals("control character in header field X", refusal("GET / HTTP/1.1\r\nX: a\u0000b"));
        assertEquals("header field content-length given twice with different values",
                refusal("POST / HTTP/1.1\r\nContent-Length: 3\r\ncontent-length: 4"));
        assertEquals("more than 64 header fields", refusal("GET / HTTP/1.1" + "\r\nA: b".repeat(65)));
        assertEquals("3", parse("POST / HTTP/1.1\r\nContent-Length: 3\r\nContent-Length: 3").header("content-length"));
    }

    @Test
    void aLongFieldNameIsCutInTheMessage() {
        String name = "N".repeat(1000);
        assertEquals("control character in header field " + "N".repeat(40) + "...",
                refusal("GET / HTTP/1.1\r\n" + name + ": \u0001"));
    }
}
