package io.hwnas.cli.search;

import io.hwnas.core.onnx.ExportedModel;
import io.hwnas.core.io.AtomicFiles;
import io.hwnas.core.onnx.OnnxExporter;
import io.hwnas.core.onnx.Weights;
import io.hwnas.core.search.AccuracyOracle;
import io.hwnas.core.search.Candidate;
import io.hwnas.core.search.SearchResult;
import io.hwnas.core.space.Architecture;
import io.hwnas.core.space.SearchSpace;
import io.hwnas.training.exits.EarlyExitOracle;
import io.hwnas.training.oracle.TrainingOracle;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/** {@code --export-front}: the front's models as ONNX files in the run directory's {@code front-onnx/}. */
final class FrontExport {

    private FrontExport() {}

    /**
     * Writes each member of the front; a trained search's members with the weights they were trained to, when
     * those were kept, the others with random weights from {@code weightsSeed}.
     *
     * @param err where to say what was written, or null to say nothing
     */
    static void write(SearchResult r, long weightsSeed, PrintWriter err) throws IOException {
        SearchSpace s = r.setup().space();
        Path dir = r.dir().resolve("front-onnx");
        Files.createDirectories(dir);
        AccuracyOracle acc = r.setup().accuracy();
        TrainingOracle byTraining = acc instanceof TrainingOracle t ? t : acc instanceof EarlyExitOracle e
                ? e.training() : null;
        int i = 0;
        int trained = 0;
        for (Candidate c : r.front()) {
            i++;
            Path file = dir.resolve(String.format(Locale.ROOT, "front-%02d.onnx", i));
            Architecture a = s.decode(c.arch());
            Optional<Weights> w = byTraining != null ? byTraining.reported().weights(a) : Optional.empty();
            if (w.isPresent()) {
                AtomicFiles.write(file, OnnxExporter.defaults().toBytes(s.buildGraph(a), w.get()));
                trained++;
            } else {
                ExportedModel.export(s, a, weightsSeed).write(file);
            }
        }
        if (err != null) {
            err.println("hwnas: wrote " + i + " ONNX models to " + dir + (trained > 0 ? " (" + trained
                    + " with their trained weights)" : ""));
        }
    }
}
