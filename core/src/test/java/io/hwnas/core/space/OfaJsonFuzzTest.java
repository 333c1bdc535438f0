package io.hwnas.core.space;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Once-for-all's JSON form of an mbv3 architecture ({@code {"ks": [...], "e": [...], "d": [...], "r": [224]}}), as
 * a user pastes it from OFA's {@code net_config}: any text either decodes, to an architecture whose canonical string
 * decodes back to it, or is refused with an {@link IllegalArgumentException}; nothing else escapes.
 *
 * <p>The corpus ({@code OfaJsonFuzzTestInputs/}) starts from real OFA configurations (the smallest and largest
 * subnets, one with {@code "wid": null} and a scalar resolution); {@code JAZZER_FUZZ=1} fuzzes.
 */
class OfaJsonFuzzTest {

    private static final SearchSpaces SPACES = SearchSpaces.builtIn();

    @FuzzTest(maxDuration = "10s")
    void anyJsonDecodesOrIsRefusedClearly(byte[] data) {
        String text = new String(data, StandardCharsets.UTF_8);
        for (String name : new String[] {"mbv3", "mbv3-ee"}) {
            SearchSpace space = SPACES.get(name);
            Architecture a;
            try {
                a = space.decode(text);
            } catch (IllegalArgumentException expected) {
                continue; // the documented clear error
            }
            assertEquals(a, space.decode(a.canonical()), "the canonical form decodes back");
        }
    }

    @Test
    void aRepeatedFieldOrTextAfterTheObjectIsRefused() {
        String config = "{\"ks\": [" + "3, ".repeat(19) + "3], \"e\": [" + "3, ".repeat(19) + "3], "
                + "\"d\": [2, 2, 2, 2, 2], \"r\": 128";
        SearchSpace mbv3 = SPACES.get("mbv3");
        assertTrue(mbv3.decode(config + "}").canonical().startsWith("r128-d22222-"));
        var twice = assertThrows(IllegalArgumentException.class, () -> mbv3.decode(config + ", \"r\": 224}"));
        assertTrue(twice.getMessage().contains("Duplicate field 'r'"), twice.getMessage());
        var trailing = assertThrows(IllegalArgumentException.class, () -> mbv3.decode(config + "} {\"r\": 224}"));
        assertTrue(trailing.getMessage().contains("not valid JSON"), trailing.getMessage());
    }
}
