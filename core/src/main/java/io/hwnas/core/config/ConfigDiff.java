package io.hwnas.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * The first difference between two configurations written as JSON, in the order their fields were written: what a
 * resumed run names when it is asked to continue under another configuration ("seed was 2 there and is 5 now").
 */
public final class ConfigDiff {

    /**
     * @param path   where the values differ: field names joined by dots, array positions as {@code [i]}
     * @param before the value stored with the run (missing: not set there)
     * @param now    the value asked for now (missing: not set now)
     */
    public record Difference(String path, JsonNode before, JsonNode now) {
        /** "{@code what} was {@code before} there and is {@code now} now". */
        public String describe(String what) {
            return what + " was " + show(before) + " there and is " + show(now) + " now";
        }

        private static String show(JsonNode v) {
            return v == null || v.isMissingNode() || v.isNull() ? "not set" : v.toString();
        }
    }

    private ConfigDiff() {}

    /** The first difference between {@code before} and {@code now}, depth first; empty when they are equal. */
    public static Optional<Difference> first(JsonNode before, JsonNode now) {
        return first("", orMissing(before), orMissing(now));
    }

    private static Optional<Difference> first(String path, JsonNode before, JsonNode now) {
        if (before.isObject() && now.isObject()) {
            Set<String> keys = new LinkedHashSet<>();
            before.fieldNames().forEachRemaining(keys::add);
            now.fieldNames().forEachRemaining(keys::add);
            for (String k : keys) {
                Optional<Difference> d = first(path.isEmpty() ? k : path + "." + k, before.path(k), now.path(k));
                if (d.isPresent()) {
                    return d;
                }
            }
            return Optional.empty();
        }
        // A list differs as a whole: "budgets was [..] there and is [..] now" reads better than one item of it.
        return before.equals(now) ? Optional.empty() : Optional.of(new Difference(path, before, now));
    }

    private static JsonNode orMissing(JsonNode n) {
        return n == null ? MissingNode.getInstance() : n;
    }
}
