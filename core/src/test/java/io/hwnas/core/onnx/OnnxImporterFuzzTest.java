package io.hwnas.core.onnx;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.hwnas.core.graph.Graph;

/**
 * A user's ONNX file, as {@code predictor predict --onnx} and the kernel tracer read it: any bytes either import
 * (and then cost, as those commands do next) or are refused with an {@link IllegalArgumentException} naming what
 * is wrong; nothing else escapes, nothing hangs, and no size written in the file is allocated before the file is
 * seen to hold that much data.
 *
 * <p>The corpus ({@code OnnxImporterFuzzTestInputs/}) holds a real export of the tool ({@code hwnas export --space
 * nb201 --dataset digits}) and two small graphs of every operator the IR knows, written by its exporter; crashes
 * the fuzzer found are kept there too and replay as ordinary tests. {@code JAZZER_FUZZ=1} fuzzes.
 */
class OnnxImporterFuzzTest {

    @FuzzTest(maxDuration = "10s")
    void anyBytesImportOrAreRefusedClearly(byte[] data) {
        Graph g;
        try {
            g = OnnxImporter.fromBytes(data, "fuzz.onnx");
        } catch (IllegalArgumentException expected) {
            return; // the documented clear error
        }
        try {
            g.cost();
            OnnxImporter.weights(g);
        } catch (IllegalArgumentException expected) {
            // a graph the IR holds but cannot cost (a shape it cannot infer) is refused the same way
        }
    }
}
