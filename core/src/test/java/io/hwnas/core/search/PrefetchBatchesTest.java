package io.hwnas.core.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.hwnas.core.exec.EvaluationExecutor;
import io.hwnas.core.space.Architecture;
import io.hwnas.core.space.SearchSpace;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Prefetch's batches one call at a time, without a search (PrefetchTest runs whole searches through an executor and
 * is too slow for mutation testing).
 */
class PrefetchBatchesTest {

    private static final SearchSpace SPACE = SearchFixtures.NB201;
    private static final String A = "|nor_conv_3x3~0|+|nor_conv_1x1~0|avg_pool_3x3~1|+|skip_connect~0|none~1|"
            + "nor_conv_3x3~2|";
    private static final String B = "|none~0|+|nor_conv_1x1~0|avg_pool_3x3~1|+|skip_connect~0|none~1|nor_conv_3x3~2|";
    private static final String C = "|skip_connect~0|+|nor_conv_1x1~0|avg_pool_3x3~1|+|skip_connect~0|none~1|"
            + "nor_conv_3x3~2|";
    private static final String D = "|avg_pool_3x3~0|+|nor_conv_1x1~0|avg_pool_3x3~1|+|skip_connect~0|none~1|"
            + "nor_conv_3x3~2|";

    /** Records each batch handed over, as canonical strings, and the architectures themselves. */
    private final List<List<String>> batches = new ArrayList<>();
    private final List<Architecture> handed = new ArrayList<>();
    private final AccuracyOracle table = SearchFixtures.cifar10();
    private final AccuracyOracle oracle = new AccuracyOracle() {
        @Override
        public String name() {
            return table.name();
        }

        @Override
        public String source() {
            return table.source();
        }

        @Override
        public double accuracy(Architecture a) {
            return table.accuracy(a);
        }

        @Override
        public void prefetch(List<Architecture> batch, EvaluationExecutor executor) {
            batches.add(batch.stream().map(Architecture::canonical).toList());
            handed.addAll(batch);
        }
    };
    private final CandidatePool pool = new CandidatePool(SPACE, oracle, List.of(), Set.of());
    private final List<String> bred = new ArrayList<>();
    private final Prefetch prefetch = new Prefetch(SPACE, oracle, null, pool, () -> bred);

    @Test
    void theFirstNewArchitectureHandsOverEverythingBredInTheOrderBred() {
        bred.addAll(List.of(B, A, C));
        Architecture a = SPACE.decode(A);
        prefetch.before(a);
        assertEquals(List.of(List.of(B, A, C)), batches);
        assertSame(a, handed.get(1), "the architecture being evaluated is handed as it is");
        assertEquals(1, prefetch.batches());
        assertEquals(3, prefetch.largestBatch());
    }

    @Test
    void anArchitectureIsHandedOverOnceAndOneAlreadyEvaluatedNotAtAll() {
        pool.evaluate(SPACE.decode(C));
        bred.addAll(List.of(B, C));
        prefetch.before(SPACE.decode(B));
        prefetch.before(SPACE.decode(B));
        assertEquals(List.of(List.of(B)), batches, "C is in the pool; B was handed already");
        assertEquals(1, prefetch.batches());
        // One the operators did not breed is a batch of its own, and the bred ones handed before are not again.
        prefetch.before(SPACE.decode(D));
        assertEquals(List.of(List.of(B), List.of(D)), batches);
        assertEquals(2, prefetch.batches());
    }

    @Test
    void theLargestBatchIsKeptWhenSmallerOnesFollowAndRaisedByALargerOne() {
        assertEquals(0, prefetch.largestBatch());
        prefetch.before(SPACE.decode(A));
        assertEquals(1, prefetch.largestBatch());
        bred.addAll(List.of(B, C));
        prefetch.before(SPACE.decode(D));
        assertEquals(3, prefetch.largestBatch(), "B, C, then D");
        prefetch.before(SPACE.decode(
                "|nor_conv_1x1~0|+|nor_conv_1x1~0|avg_pool_3x3~1|+|skip_connect~0|none~1|nor_conv_3x3~2|"));
        assertEquals(3, prefetch.largestBatch());
        assertEquals(3, prefetch.batches());
    }
}
