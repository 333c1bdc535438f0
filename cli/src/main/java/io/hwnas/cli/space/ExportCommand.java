package io.hwnas.cli.space;

import io.hwnas.cli.JsonOption;
import io.hwnas.cli.Json;
import io.hwnas.cli.SpaceOption;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hwnas.core.graph.GraphCost;
import io.hwnas.core.onnx.ExportedModel;
import io.hwnas.core.space.Architecture;
import io.hwnas.core.space.BoundSpace;
import io.hwnas.core.space.GraphOptions;
import io.hwnas.training.data.Datasets;
import io.hwnas.training.data.ImageDataset;
import io.hwnas.core.space.SearchSpace;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Write an architecture as an ONNX file (opset 17, dynamic batch, weights random from a seed).")
public final class ExportCommand implements Callable<Integer> {

    @Mixin
    SpaceOption space;

    @Option(names = "--arch", required = true, paramLabel = "A", description = "Architecture string.")
    String arch;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "FILE", description = "ONNX file to write.")
    Path output;

    @Option(names = "--weights-seed", paramLabel = "K", description = "Seed of the random weights (default: "
            + "${DEFAULT-VALUE}).")
    long weightsSeed = ExportedModel.DEFAULT_WEIGHTS_SEED;

    @Option(names = "--dataset", paramLabel = "D", description = "Build the network for a shipped dataset's input "
            + "and classes (mnist: 1x28x28, digits: 1x8x8; 10 classes), as a search with --accuracy train:D does.")
    String dataset;

    @Option(names = "--graph", paramLabel = "G", description = "Which of the space's graphs: transformer has prefill "
            + "(the default: the prompt in, the next token's logits out) and decode (one token with the KV cache of "
            + "the context as inputs and outputs); an early-exit space (nb201-ee, mbv3-ee) the whole network with "
            + "every exit's head (the default) and x<stage>, the network as far as that exit.")
    String graph;

    @Mixin
    JsonOption json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        SearchSpace s = space.get();
        if (dataset != null) {
            ImageDataset d = Datasets.get(dataset);
            s = new BoundSpace(s, GraphOptions.DEFAULTS.inputChannels(d.channels()).inputSize(d.height())
                    .classes(d.classes()), dataset);
        }
        if (graph != null && !graph.isEmpty()) {
            s = s instanceof BoundSpace b ? new BoundSpace(b.inner(), b.options(), b.label(), graph)
                    : BoundSpace.graph(s, graph);
        }
        Architecture a = s.decode(arch);
        ExportedModel m = ExportedModel.export(s, a, weightsSeed);
        m.write(output);
        GraphCost c = m.graph().cost();
        PrintWriter out = spec.commandLine().getOut();
        if (json.on()) {
            ObjectNode o = Json.object();
            o.put("space", s.name());
            o.put("arch", a.canonical());
            o.put("flops", c.flops());
            o.put("macs", c.macs());
            o.put("params", c.params());
            o.put("trainable_params", c.trainableParams());
            o.put("bytes_moved", c.bytesMoved());
            o.put("peak_activation_bytes", c.peakActivationBytes());
            o.put("depth", c.depth());
            o.put("nodes", m.graph().nodes().size());
            o.put("graph", graph == null || graph.isEmpty() ? "default" : graph);
            o.put("inputs", m.graph().inputs().size());
            o.put("outputs", m.graph().outputs().size());
            o.put("file", output.toString());
            o.put("file_bytes", m.bytes().length);
            o.put("sha256", m.sha256());
            out.println(Json.line(o));
        } else {
            out.printf("wrote %s (%s %s): %.1f M MACs, %.3f M params, %d nodes, sha256 %s%n", output, s.name(),
                    a.canonical(), c.macs() / 1e6, c.params() / 1e6, m.graph().nodes().size(), m.sha256());
        }
        return 0;
    }
}
