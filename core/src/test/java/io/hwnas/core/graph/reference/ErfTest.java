package io.hwnas.core.graph.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ErfTest {

    /** x, erf(x), erfc(x) from CPython's math module (glibc, correctly rounded to about 1 ulp). */
    private static final double[][] KNOWN = {
        {0.1, 0.1124629160182849, 0.8875370839817152},
        {0.5, 0.5204998778130465, 0.4795001221869535},
        {1, 0.8427007929497149, 0.15729920705028513},
        {1.5, 0.9661051464753108, 0.033894853524689274},
        {2, 0.9953222650189527, 0.004677734981047265},
        {2.49, 0.9995707121322661, 0.000429287867733913},
        {2.5, 0.999593047982555, 0.0004069520174449589},
        {2.6, 0.9997639655834707, 0.00023603441652934908},
        {3, 0.9999779095030014, 2.2090496998585438e-05},
        {4, 0.9999999845827421, 1.541725790028002e-08},
        {6, 1.0, 2.1519736712498916e-17},
    };

    @Test
    void erfMatchesKnownValuesToDoublePrecision() {
        for (double[] k : KNOWN) {
            assertEquals(k[1], Erf.erf(k[0]), 1e-15, "erf(" + k[0] + ")");
            assertEquals(-k[1], Erf.erf(-k[0]), 1e-15, "erf(" + -k[0] + ")");
        }
    }

    @Test
    void erfcKeepsRelativePrecisionInTheTail() {
        for (double[] k : KNOWN) {
            assertEquals(k[2], Erf.erfc(k[0]), 1e-12 * k[2], "erfc(" + k[0] + ")");
            assertEquals(2 - k[2], Erf.erfc(-k[0]), 1e-15, "erfc(" + -k[0] + ")");
        }
    }

    @Test
    void isContinuousWhereTheMethodsMeet() {
        double below = Math.nextDown(2.5);
        assertEquals(Erf.erf(2.5), Erf.erf(below), 1e-15);
        assertEquals(Erf.erfc(2.5), Erf.erfc(below), 1e-12 * Erf.erfc(2.5));
    }

    @Test
    void saturatesAndPassesNaN() {
        assertEquals(1.0, Erf.erf(40));
        assertEquals(0.0, Erf.erfc(40));
        assertEquals(2.0, Erf.erfc(-40));
        assertEquals(0.0, Erf.erf(0));
        assertEquals(Double.NaN, Erf.erf(Double.NaN));
    }
}
