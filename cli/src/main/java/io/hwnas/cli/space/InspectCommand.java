package io.hwnas.cli.space;

import io.hwnas.cli.DeviceDirsOption;
import io.hwnas.cli.JsonOption;
import io.hwnas.cli.Json;
import io.hwnas.cli.SpaceOption;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hwnas.core.graph.Graph;
import io.hwnas.core.graph.GraphCost;
import io.hwnas.core.objective.ScalingLaw;
import io.hwnas.core.space.Architecture;
import io.hwnas.core.space.BoundSpace;
import io.hwnas.core.space.GraphOptions;
import io.hwnas.core.space.SearchSpace;
import io.hwnas.core.space.TransformerSpace;
import io.hwnas.devices.spec.DeviceSpec;
import io.hwnas.devices.spi.DeviceProfile;
import io.hwnas.training.data.Datasets;
import io.hwnas.training.data.ImageDataset;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The size and cost of an architecture from its graph alone: nothing is exported or measured, so it answers for a
 * GPT-2 as fast as for a small CNN. A language model also gets its decode step, its KV cache and what the scaling
 * laws predict of its loss; a device with a spec sheet adds the roofline latency of each graph.
 */
@Command(name = "inspect", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Print an architecture's size and cost (params, flops, memory) from its graph, without writing "
                + "a model; for any space. A transformer also gets the decode step (flops per token, the KV cache) "
                + "and its scaling-law loss; --device adds the roofline latency from the device's spec sheet."})
public final class InspectCommand implements Callable<Integer> {

    @Mixin
    SpaceOption space;

    @Option(names = "--arch", required = true, paramLabel = "A", description = "Architecture string.")
    String arch;

    @Option(names = "--dataset", paramLabel = "D", description = "Build the network for a shipped dataset's input "
            + "and classes, as a search with --accuracy train:D does.")
    String dataset;

    @Option(names = "--device", paramLabel = "ID", description = "Add the roofline latency on this device's spec "
            + "sheet (peak GFLOP/s, memory bandwidth).")
    String device;

    @Mixin
    DeviceDirsOption deviceDirs = new DeviceDirsOption();

    @Mixin
    JsonOption json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        SearchSpace s = space.get();
        Architecture a = s.decode(arch);
        if (dataset != null) {
            ImageDataset d = Datasets.get(dataset);
            s = new BoundSpace(s, GraphOptions.DEFAULTS.inputChannels(d.channels()).inputSize(d.height())
                    .classes(d.classes()), dataset);
        }
        DeviceSpec sheet = null;
        if (device != null) {
            DeviceProfile p = deviceDirs.registry().get(device);
            sheet = p.spec().orElseThrow(() -> new IllegalArgumentException("device " + device + " has no spec sheet "
                    + "(peak GFLOP/s and memory bandwidth) for a roofline"));
        }
        ObjectNode o = Json.object();
        o.put("space", s.name());
        o.put("arch", a.canonical());
        Graph g = s.buildGraph(a);
        GraphCost c = g.cost();
        o.put("params", c.trainableParams());
        o.put("params_all", c.params());
        o.put("flops", c.flops());
        o.put("macs", c.macs());
        o.put("weights_bytes", c.parameterBytes());
        o.put("peak_activation_bytes", c.peakActivationBytes());
        o.put("memory_mb", (c.parameterBytes() + c.peakActivationBytes()) / 1e6);
        o.put("model_size_mb", c.parameterBytes() / 1e6);
        o.put("bytes_moved", c.bytesMoved());
        o.put("nodes", g.nodes().size());
        if (sheet != null) {
            o.put("device", device);
            o.put("roofline_ms", rooflineMs(c, sheet));
        }
        Map<String, String> text = new LinkedHashMap<>();
        if (s instanceof TransformerSpace t) {
            languageModel(t, a, c, sheet, o, text);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json.on()) {
            out.println(Json.line(o));
            return 0;
        }
        out.printf(Locale.ROOT, "%s %s: %.3f M params, %.3f GFLOP%s, weights %.1f MB, peak activations %.1f MB, "
                + "memory %.1f MB%s%n", s.name(), a.canonical(), c.trainableParams() / 1e6, c.flops() / 1e9,
                s instanceof TransformerSpace ? " (prefill)" : "", c.parameterBytes() / 1e6,
                c.peakActivationBytes() / 1e6, (c.parameterBytes() + c.peakActivationBytes()) / 1e6,
                sheet == null ? "" : String.format(Locale.ROOT, "; roofline %.3f ms on %s", rooflineMs(c, sheet),
                        device));
        text.forEach((k, v) -> out.printf("  %s: %s%n", k, v));
        return 0;
    }

    /**
     * What a language model adds: its sizes, the prefill and the decode step with its KV cache, and the loss the
     * scaling laws predict at the compute-optimal data size, in {@code o} and as lines of {@code text}.
     */
    private void languageModel(TransformerSpace t, Architecture a, GraphCost c, DeviceSpec sheet, ObjectNode o,
            Map<String, String> text) {
        TransformerSpace.Size z = t.size(a);
        ObjectNode m = o.putObject("model");
        m.put("layers", z.layers()).put("d_model", z.dModel()).put("heads", z.heads()).put("ffn", z.ffn())
                .put("vocab", z.vocab()).put("context", z.context());
        ObjectNode prefill = o.putObject("prefill");
        prefill.put("tokens", z.context()).put("flops", c.flops()).put("macs", c.macs())
                .put("peak_activation_bytes", c.peakActivationBytes());
        GraphCost dc = t.decodeGraph(a).cost();
        ObjectNode decode = o.putObject("decode");
        decode.put("flops_per_token", dc.flops()).put("macs_per_token", dc.macs())
                .put("peak_activation_bytes", dc.peakActivationBytes())
                .put("memory_mb", (dc.parameterBytes() + dc.peakActivationBytes()) / 1e6);
        o.put("kv_cache_bytes", z.kvCacheBytes());
        if (sheet != null) {
            prefill.put("roofline_ms", rooflineMs(c, sheet));
            decode.put("roofline_ms", rooflineMs(dc, sheet));
        }
        ObjectNode loss = o.putObject("scaling_loss");
        for (ScalingLaw l : ScalingLaw.BUILT_IN) {
            loss.put(l.name(), l.loss(c.trainableParams(), 20.0 * c.trainableParams()));
        }
        text.put("decode", String.format(Locale.ROOT, "%.3f GFLOP per token, KV cache %.1f MB at %d tokens%s",
                dc.flops() / 1e9, z.kvCacheBytes() / 1e6, z.context(), sheet == null ? ""
                        : String.format(Locale.ROOT, ", roofline %.3f ms on %s", rooflineMs(dc, sheet), device)));
        text.put("scaling loss (D = 20 N)", String.format(Locale.ROOT, "chinchilla %.4f, epoch %.4f nats/token",
                loss.get("chinchilla").asDouble(), loss.get("epoch").asDouble()));
    }

    private static double rooflineMs(GraphCost cost, DeviceSpec sheet) {
        return cost.rooflineMs(sheet.peakGflops(), sheet.memoryBandwidthGBs());
    }
}
