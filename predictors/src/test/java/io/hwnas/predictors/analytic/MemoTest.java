package io.hwnas.predictors.analytic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hwnas.core.space.Architecture;
import io.hwnas.core.space.SearchSpace;
import io.hwnas.core.space.SearchSpaces;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class MemoTest {

    private static final SearchSpace NB201 = SearchSpaces.builtIn().get("nb201");

    @Test
    void computesOncePerCanonicalString() {
        AtomicInteger calls = new AtomicInteger();
        Memo<Integer> memo = new Memo<>(100, a -> calls.incrementAndGet());
        Architecture a = NB201.fromGenome(List.of(1, 2, 3, 4, 0, 1));
        assertEquals(memo.get(a), memo.get(NB201.decode(a.canonical())));
        assertEquals(1, calls.get());
    }

    @Test
    void staysWithinItsCapacity() {
        Memo<String> memo = new Memo<>(10, Architecture::canonical);
        NB201.enumerate().limit(1000).forEach(a -> assertEquals(a.canonical(), memo.get(a)));
        assertTrue(memo.size() <= 10, "size " + memo.size());
    }

    @Test
    void rejectsZeroCapacity() {
        var e = assertThrows(IllegalArgumentException.class, () -> new Memo<>(0, a -> 1));
        assertTrue(e.getMessage().contains("capacity"), e.getMessage());
    }
}
