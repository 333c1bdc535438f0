package io.hwnas.predictors.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class KernelOptionsTest {

    @Test
    void emptyIsTheDefaults() {
        assertEquals(KernelOptions.DEFAULTS, KernelOptions.parse(""));
        assertEquals(KernelOptions.DEFAULTS, KernelOptions.parse(null));
        assertEquals("", KernelOptions.DEFAULTS.spec());
    }

    @Test
    void parsesEveryKeyAndWritesThemBack() {
        KernelOptions o = KernelOptions.parse("device=cpu-1t, runs=7,warmup=1,neighbours=0,ridge=0.5");
        assertEquals(new KernelOptions("cpu-1t", 1, 7, 0, 0.5), o);
        assertEquals(o, KernelOptions.parse(o.spec()));
        assertEquals(7, o.plan().runs());
    }

    private static String error(String text) {
        return assertThrows(IllegalArgumentException.class, () -> KernelOptions.parse(text)).getMessage();
    }

    @Test
    void rejectsBadOptionsNamingThem() {
        String unknown = error("device=cpu,threads=4");
        assertTrue(unknown.contains("'threads'") && unknown.contains("neighbours"), unknown);
        String value = error("runs=many");
        assertTrue(value.contains("runs") && value.contains("'many'"), value);
        String range = error("runs=0");
        assertTrue(range.contains("runs") && range.contains("0"), range);
        String ridge = error("ridge=-1");
        assertTrue(ridge.contains("ridge") && ridge.contains("-1"), ridge);
        String twice = error("runs=3,runs=4");
        assertTrue(twice.contains("'runs'") && twice.contains("twice"), twice);
        String bare = error("cpu-1t");
        assertTrue(bare.contains("'cpu-1t'") && bare.contains("key=value"), bare);
    }
}
