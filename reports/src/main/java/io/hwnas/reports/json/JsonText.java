package io.hwnas.reports.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The reports' JSON: indented, one object, a newline at the end. */
public final class JsonText {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private JsonText() {}

    /** An empty object to fill. */
    public static ObjectNode object() {
        return JSON.createObjectNode();
    }

    /** A value (a map, a record) as a JSON node. */
    public static ObjectNode tree(Object value) {
        return JSON.valueToTree(value);
    }

    public static String write(ObjectNode o) {
        try {
            return JSON.writeValueAsString(o) + "\n";
        } catch (JsonProcessingException e) {
            // A tree of plain nodes always serialises; this would be a bug in Jackson.
            throw new IllegalStateException("writing a report's JSON: " + e.getMessage(), e);
        }
    }
}
