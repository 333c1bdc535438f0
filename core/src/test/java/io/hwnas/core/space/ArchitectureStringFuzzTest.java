package io.hwnas.core.space;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Architecture strings of every space, as a user or a file gives them: any text either decodes or is refused with
 * an {@link IllegalArgumentException}; nothing else escapes. The corpus replays as an ordinary test; {@code
 * bench/fuzz.sh} fuzzes.
 */
class ArchitectureStringFuzzTest {

    private static final SearchSpaces SPACES = SearchSpaces.builtIn();

    @FuzzTest(maxDuration = "10s")
    void anyTextDecodesOrIsRefusedClearly(byte[] data) {
        String text = new String(data, java.nio.charset.StandardCharsets.UTF_8);
        for (String space : SPACES.names()) {
            try {
                SPACES.decode(space, text);
            } catch (IllegalArgumentException expected) {
                // the documented clear error
            }
        }
    }
}
