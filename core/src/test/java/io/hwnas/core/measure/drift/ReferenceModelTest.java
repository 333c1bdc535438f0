package io.hwnas.core.measure.drift;

import io.hwnas.core.measure.Sha256;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class ReferenceModelTest {

    /**
     * The ladder's bytes are part of every stored baseline's key, and an agent built by another hwnas must build the
     * same: a change of the exporter that changes them must be seen here, not in a database that silently
     * recalibrates. Recorded when the ladder was made (issue 16).
     */
    @Test
    void theLadderIsThreeFixedModelsLightestFirst() {
        List<ReferenceModel> ladder = ReferenceModel.ladder();
        assertEquals(List.of("nb201-s", "nb201-m", "nb201-l"), ladder.stream().map(ReferenceModel::name).toList());
        assertEquals(List.of(PINNED), ladder.stream().map(ReferenceModel::sha256).toList());
        for (ReferenceModel r : ladder) {
            assertEquals(r.sha256(), Sha256.of(r.bytes()));
        }
    }

    static final String[] PINNED = {
        "8db66d4eed0f149ea689527901d59772ba1d09db6cd696928b0562f01ea5c987",
        "0d4e8e3ab5fc9a846393c6e6676a3c77da304202ee6fd1973a2a8751108d33e4",
        "1f4725c2784f7fb5ff8089cc2c5fea6c87809ee0b2e97b0dda542298ab509c32",
    };

    @Test
    void aRungIsFoundByItsDigestOrName() {
        ReferenceModel m = ReferenceModel.ladder().get(1);
        assertEquals(m, ReferenceModel.bySha256(m.sha256()).orElseThrow());
        assertEquals(m, ReferenceModel.byName("nb201-m").orElseThrow());
        assertEquals(true, ReferenceModel.bySha256("0".repeat(64)).isEmpty());
    }

    @Test
    void theNearestRungIsNearestOnALogScale() {
        double[] rungs = {0.1, 0.7, 2.2};
        assertEquals(0, ReferenceModel.nearest(0.05, rungs));
        assertEquals(0, ReferenceModel.nearest(0.25, rungs)); // 2.5x above s, 2.8x below m
        assertEquals(1, ReferenceModel.nearest(0.3, rungs));
        assertEquals(1, ReferenceModel.nearest(1.2, rungs));
        assertEquals(2, ReferenceModel.nearest(1.3, rungs));
        assertEquals(2, ReferenceModel.nearest(40, rungs));
        assertArrayEquals(new double[] {0.1, 0.7, 2.2}, rungs);
    }
}
