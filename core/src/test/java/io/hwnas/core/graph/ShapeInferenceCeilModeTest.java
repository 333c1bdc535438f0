package io.hwnas.core.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ShapeInferenceCeilModeTest {

    private static Value pool(GraphBuilder b, int size, int kernel, int stride, int pad) {
        Value x = b.input("x", TensorType.floats(Shape.BATCH, 1, size, size));
        return b.node(Op.MAX_POOL, List.of(x), Attributes.builder().setInts("kernel_shape", kernel, kernel)
                .setInts("strides", stride, stride).setInts("pads", pad, pad, pad, pad).set("ceil_mode", 1L).build());
    }

    @Test
    void ceilModeKeepsALastWindowThatStartsInsideTheInput() {
        assertEquals(Shape.of(Shape.BATCH, 1, 4, 4), pool(new GraphBuilder("g"), 6, 3, 2, 1).shape());
        assertEquals(Shape.of(Shape.BATCH, 1, 4, 4), pool(new GraphBuilder("g"), 8, 3, 2, 0).shape());
    }

    /** 5 + 1 + 1 padded, window 2, stride 2: a 4th window would start at 5, in the end padding. */
    @Test
    void rejectsACeilModeWindowThatWouldStartInTheEndPadding() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> pool(new GraphBuilder("g"), 5, 2, 2, 1));
        assertTrue(e.getMessage().contains("'maxpool'") && e.getMessage().contains("ceil_mode"), e.getMessage());
    }
}
