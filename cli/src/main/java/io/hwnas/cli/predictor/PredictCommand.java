package io.hwnas.cli.predictor;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hwnas.cli.Json;
import io.hwnas.cli.JsonOption;
import io.hwnas.cli.Predictors;
import io.hwnas.cli.Spaces;
import io.hwnas.core.graph.Graph;
import io.hwnas.core.onnx.OnnxImporter;
import io.hwnas.core.space.SearchSpace;
import io.hwnas.predictors.kernel.GraphLatencyPredictor;
import io.hwnas.predictors.spi.LatencyPredictor;
import io.hwnas.predictors.spi.Prediction;
import io.hwnas.predictors.store.LoadedPredictor;
import io.hwnas.predictors.store.PredictorStore;
import io.hwnas.predictors.store.SavedPredictor;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "predict", mixinStandardHelpOptions = true,
        description = "Predict the latency of an architecture, or of your own ONNX model (kernel predictor).")
final class PredictCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, paramLabel = "FILE", description = "A saved predictor.")
    Path model;

    static final class Target {
        @Option(names = "--arch", required = true, paramLabel = "A", description = "Architecture string.")
        String arch;

        @Option(names = "--onnx", required = true, paramLabel = "MODEL.onnx",
                description = "An ONNX file (needs a kernel predictor).")
        Path onnx;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Target target;

    @Mixin
    JsonOption json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (!Files.isRegularFile(model)) {
            throw new IllegalArgumentException("no such predictor file: " + model);
        }
        SavedPredictor saved = PredictorStore.read(model);
        SearchSpace s = Spaces.get(saved.space());
        LoadedPredictor loaded = PredictorStore.load(model, Predictors.context(s, saved.seed()),
                Predictors.registry()::get);
        LatencyPredictor p = loaded.predictor();
        PrintWriter err = spec.commandLine().getErr();
        loaded.warnings().forEach(w -> err.println("hwnas: " + w));
        ObjectNode o = Json.object();
        Prediction prediction = target.arch != null ? ofArchitecture(s, p, o) : ofOnnx(saved, p, o);
        PrintWriter out = spec.commandLine().getOut();
        if (json.on()) {
            o.put("latency_ms", prediction.latencyMs());
            if (prediction.hasUncertainty()) {
                o.put("std_ms", prediction.stdMs());
            }
            o.put("predictor", p.info().spec());
            o.put("space", s.name());
            o.put("device", saved.device());
            o.put("retrained", loaded.retrained());
            out.println(Json.line(o));
        } else {
            out.printf(Locale.ROOT, "%.4f ms%s on %s (%s)%n", prediction.latencyMs(),
                    prediction.hasUncertainty() ? String.format(Locale.ROOT, " ± %.4f", prediction.stdMs()) : "",
                    saved.device(), p.info().spec());
        }
        out.flush();
        return 0;
    }

    private Prediction ofArchitecture(SearchSpace s, LatencyPredictor p, ObjectNode o) {
        o.put("arch", s.decode(target.arch).canonical());
        return p.predict(s.decode(target.arch));
    }

    private Prediction ofOnnx(SavedPredictor saved, LatencyPredictor p, ObjectNode o) throws Exception {
        if (!(p instanceof GraphLatencyPredictor g)) {
            throw new IllegalArgumentException("predictor '" + saved.plugin() + "' in " + model
                    + " predicts architectures of a space, not ONNX files; train one with --predictor kernel");
        }
        if (!Files.isRegularFile(target.onnx)) {
            throw new IllegalArgumentException("no such file: " + target.onnx);
        }
        Graph graph = OnnxImporter.read(target.onnx);
        o.put("onnx", target.onnx.toString());
        o.put("macs", graph.cost().macs());
        return g.predictGraph(graph);
    }
}
