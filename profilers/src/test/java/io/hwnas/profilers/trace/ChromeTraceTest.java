package io.hwnas.profilers.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The profile format as ONNX Runtime 1.29 writes it (a trimmed copy of a real nb201 profile). */
class ChromeTraceTest {

    @Test
    void splitsKernelEventsIntoRunsAndReadsTheirArguments() throws Exception {
        Path file = Path.of(getClass().getResource("two-runs.json").toURI());
        List<ChromeTrace.Run> runs = ChromeTrace.parse(file);
        assertEquals(2, runs.size());
        assertEquals(310, runs.get(0).durUs());
        assertEquals(List.of("stem/relu_nchwc", "ReorderOutput"),
                runs.get(0).nodes().stream().map(ChromeTrace.NodeEvent::name).toList());
        ChromeTrace.NodeEvent conv = runs.get(1).nodes().get(0);
        assertEquals("Conv", conv.opType());
        assertEquals("CPUExecutionProvider", conv.provider());
        assertEquals(41, conv.durUs());
        assertEquals(List.of(List.of(1L, 3L, 32L, 32L), List.of(16L, 3L, 3L, 3L), List.of(16L)), conv.inputShapes());
        assertEquals(List.of(List.of(1L, 16L, 32L, 32L)), conv.outputShapes());
        assertEquals(1792, conv.parameterBytes());
        assertEquals(12288, conv.activationBytes());
        assertEquals(65536, conv.outputBytes());
    }

    @Test
    void refusesAFileThatIsNotAProfileNamingIt(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("odd.json");
        Files.writeString(f, "{\"traceEvents\": []}");
        IOException e = assertThrows(IOException.class, () -> ChromeTrace.parse(f));
        assertTrue(e.getMessage().contains("odd.json"), e.getMessage());
        Files.writeString(f, "[]");
        e = assertThrows(IOException.class, () -> ChromeTrace.parse(f));
        assertTrue(e.getMessage().contains("no model_run"), e.getMessage());
    }
}
