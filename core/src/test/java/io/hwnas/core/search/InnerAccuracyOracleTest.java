package io.hwnas.core.search;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.hwnas.core.space.Architecture;
import io.hwnas.core.space.EarlyExitSpace;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

/** An early-exit network's accuracy is its inner network's, as the inner space's oracle answers it. */
class InnerAccuracyOracleTest {

    private static final EarlyExitSpace EE = EarlyExitSpace.nb201();
    private static final String CELL = "|nor_conv_3x3~0|+|nor_conv_1x1~0|avg_pool_3x3~1|+|skip_connect~0|none~1|"
            + "nor_conv_3x3~2|";

    /** Answers by the architecture it is asked about, so that the test sees which one that was. */
    private final List<String> asked = new ArrayList<>();
    private final AccuracyOracle inner = new AccuracyOracle() {
        @Override
        public String name() {
            return "nb201:cifar10";
        }

        @Override
        public String source() {
            return "the NAS-Bench-201 table";
        }

        @Override
        public double accuracy(Architecture a) {
            asked.add(a.canonical());
            return a.canonical().equals(CELL) ? 91.5 : -1;
        }

        @Override
        public OptionalDouble heldOut(Architecture a) {
            asked.add(a.canonical());
            return a.canonical().equals(CELL) ? OptionalDouble.of(90.25) : OptionalDouble.empty();
        }

        @Override
        public double[] range() {
            return new double[] {10, 95};
        }
    };

    @Test
    void theAccuracyIsTheInnerNetworksWhateverTheExits() {
        InnerAccuracyOracle o = new InnerAccuracyOracle(inner, EE);
        assertEquals(91.5, o.accuracy(EE.decode(CELL + "#x1=0.9,x2=0.8")));
        assertEquals(91.5, o.accuracy(EE.decode(CELL)));
        assertEquals(90.25, o.heldOut(EE.decode(CELL + "#x2=0.5")).getAsDouble());
        assertEquals(List.of(CELL, CELL, CELL), asked, "the inner oracle sees the cell without its exits");
        assertArrayEquals(new double[] {10, 95}, o.range());
    }

    @Test
    void itGoesByTheInnerOraclesNameAndSaysItsFigureIsOptimistic() {
        InnerAccuracyOracle o = new InnerAccuracyOracle(inner, EE);
        assertEquals("nb201:cifar10", o.name());
        assertEquals("the NAS-Bench-201 table; of the network without its exits (the final classifier's): the exits "
                + "are assumed to cost no accuracy, so it is an upper bound where an exit is confidently wrong",
                o.source());
    }

    @Test
    void itNeedsAnOracleAndASpace() {
        assertEquals("inner", assertThrows(NullPointerException.class, () -> new InnerAccuracyOracle(null, EE))
                .getMessage());
        assertEquals("space", assertThrows(NullPointerException.class, () -> new InnerAccuracyOracle(inner, null))
                .getMessage());
    }
}
