package io.hwnas.core.prune;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hwnas.core.space.Architecture;
import io.hwnas.core.space.SearchSpace;
import io.hwnas.core.space.SearchSpaces;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The pruning order: least validation loss per unit removed first, from measured sensitivities, to the smallest. */
class PruningPathTest {

    private static final SearchSpace MBV3 = SearchSpaces.builtIn().get("mbv3");
    private static final Architecture PARENT = MBV3.decode(
            "r128-d32432-k35703500357355507300-e64306600436636406300");
    private static final StructuredPruning PRUNING = StructuredPruning.of(MBV3).orElseThrow();

    /**
     * A made-up loss: 1, plus 0.001 for removing stage 1's third block, 0.5 for any other block removed, and 0.01
     * per expansion step down anywhere.
     */
    private static double loss(int[] states) {
        List<Group> groups = PRUNING.groups(PARENT);
        double l = 1;
        for (int g = 0; g < states.length; g++) {
            String state = groups.get(g).states().get(states[g]);
            if (state.equals("dropped")) {
                l += groups.get(g).name().equals("stage1/block3") ? 0.001 : 0.5;
            } else {
                l += 0.01 * states[g];
            }
        }
        return l;
    }

    @Test
    void theCheapestRemovalPerUnitGoesFirstAndTheRatiosFall() {
        AtomicInteger evaluations = new AtomicInteger();
        PruningPath path = PruningPath.of(PRUNING, PARENT, (child, states) -> {
            evaluations.incrementAndGet();
            return loss(states);
        });

        // Each state of each group alone, but a stage's second block removed from a stage of two (stages 2 and 5).
        int statesBeyondTheParents = PRUNING.groups(PARENT).stream().mapToInt(g -> g.states().size() - 1).sum();
        assertEquals(1 + statesBeyondTheParents - 2, evaluations.get(), "the parent, then each group's states alone");
        assertSame(PARENT, path.steps().get(0).arch());
        assertEquals(1.0, path.steps().get(0).ratio());
        int third = PRUNING.groups(PARENT).stream().map(Group::name).toList().indexOf("stage1/block3");
        assertEquals(1, path.steps().get(1).states()[third], "stage 1's third block goes first");
        for (int i = 1; i < path.steps().size(); i++) {
            PruningPath.Step s = path.steps().get(i);
            assertTrue(s.ratio() < path.steps().get(i - 1).ratio(), "step " + i);
            assertEquals(s.units() / (double) path.units(), s.ratio(), 1e-12);
            assertEquals(loss(s.states()), s.estimated(), 1e-9, "the sensitivities add up where the loss does");
            assertEquals(PRUNING.child(PARENT, s.states()), s.arch());
        }
    }

    @Test
    void theSmallestNetworkHasTwoBlocksAStageEachAtTheSmallestExpansion() {
        PruningPath path = PruningPath.of(PRUNING, PARENT, (child, states) -> loss(states));

        // Expansion steps are cheap, so every block reaches e3 first; then a block that came down from e6 or e4
        // costs less to remove than one that was e3 (its steps down are paid already), so stage 1 keeps its
        // second block (the third is the cheap one) and stage 3 its first two.
        assertEquals("r128-d22222-k35003500350055007300-e33003300330033003300", path.smallest().arch().canonical());
    }

    @Test
    void aRatioGivesTheLeastPrunedNetworkKeepingAtMostThatShare() {
        PruningPath path = PruningPath.of(PRUNING, PARENT, (child, states) -> loss(states));
        PruningPath.Step half = path.at(0.5);

        assertTrue(half.ratio() <= 0.5);
        int i = path.steps().indexOf(half);
        assertTrue(path.steps().get(i - 1).ratio() > 0.5, "the step before keeps more than half");
        assertSame(path.steps().get(0), path.at(1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> path.at(0.01));
        assertTrue(e.getMessage().startsWith("ratio 0.01 cannot be reached: the smallest network "
                + path.smallest().arch().canonical()), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> path.at(0));
        assertThrows(IllegalArgumentException.class, () -> path.at(1.5));
    }

    @Test
    void aNetworkThatIsAlreadyMinimalIsRefused() {
        Architecture minimal = MBV3.decode("r128-d22222-k33003300330033003300-e33003300330033003300");

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PruningPath.of(PRUNING, minimal, (child, states) -> 1));
        assertEquals("r128-d22222-k33003300330033003300-e33003300330033003300 is already minimal: its space can "
                + "prune nothing of it", e.getMessage());
    }

    @Test
    void theStatesOfAStepAreItsOwn() {
        PruningPath path = PruningPath.of(PRUNING, PARENT, (child, states) -> loss(states));
        int[] before = path.steps().get(1).states();
        int[] s = path.steps().get(1).states();
        s[0] = 2;

        assertArrayEquals(before, path.steps().get(1).states());
    }
}
