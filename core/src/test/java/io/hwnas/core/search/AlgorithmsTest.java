package io.hwnas.core.search;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.moeaframework.util.weights.NormalBoundaryDivisions;

/** NSGA-III gets as many reference points as its population can hold, one member per point. */
class AlgorithmsTest {

    @Test
    void theDivisionsAreTheMostWhosePointsDoNotOutnumberThePopulation() {
        // Three objectives: h divisions give (h+1)(h+2)/2 points; 4 give 15, 5 give 21.
        assertEquals(4, Algorithms.divisionsFor(3, 20).getOuterDivisions());
        assertEquals(5, Algorithms.divisionsFor(3, 21).getOuterDivisions(), "exactly as many points as members");
        assertEquals(4, Algorithms.divisionsFor(3, 15).getOuterDivisions());
        assertEquals(3, Algorithms.divisionsFor(3, 14).getOuterDivisions());
        // Two objectives: h + 1 points.
        assertEquals(19, Algorithms.divisionsFor(2, 20).getOuterDivisions());
        assertEquals(21, new NormalBoundaryDivisions(5).getNumberOfReferencePoints(3));
    }

    @Test
    void aPopulationTooSmallForTwoDivisionsStillGetsOne() {
        assertEquals(1, Algorithms.divisionsFor(3, 2).getOuterDivisions());
        assertEquals(1, Algorithms.divisionsFor(3, 5).getOuterDivisions());
        assertEquals(2, Algorithms.divisionsFor(3, 6).getOuterDivisions());
    }
}
