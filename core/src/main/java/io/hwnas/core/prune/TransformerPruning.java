package io.hwnas.core.prune;

import io.hwnas.core.graph.Graph;
import io.hwnas.core.graph.Initializer;
import io.hwnas.core.graph.TensorData;
import io.hwnas.core.onnx.Weights;
import io.hwnas.core.space.Architecture;
import io.hwnas.core.space.TransformerSpace;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A transformer pruned in its space's terms: whole layers removed (every layer is a residual branch, so any may go;
 * the later ones move up with their weights), and the feed-forward width cut to a smaller ratio of d_model in every
 * layer. Heads are left alone: at a fixed d_model the space's head count changes how the attention width is split,
 * not how many weights there are, so fewer heads would remove nothing.
 *
 * <p>Importance of a feed-forward unit, per layer: the L1 norm of the weights into it times that of the weights out
 * of it. The units of a pruning ratio are feed-forward units summed over the layers.
 */
final class TransformerPruning implements StructuredPruning {

    private static final Pattern BLOCK = Pattern.compile("block(\\d+)/(.+)");
    private static final String UP = "linear_w_4";
    private static final String UP_BIAS = "linear_b_4";
    private static final String DOWN = "linear_w_5";

    private final TransformerSpace space;
    private final List<Integer> layerChoices;
    private final List<Integer> ratioChoices;

    TransformerPruning(TransformerSpace space) {
        this.space = space;
        this.layerChoices = space.dimensions().get(0).choices().stream().map(Integer::valueOf).toList();
        this.ratioChoices = space.dimensions().get(3).choices().stream().map(Integer::valueOf).toList();
    }

    /** The feed-forward widths the parent may shrink to, its own first, then smaller ones, descending. */
    private List<Integer> widths(TransformerSpace.Size s) {
        List<Integer> out = new ArrayList<>(List.of(s.ffn()));
        ratioChoices.stream().map(r -> r * s.dModel()).filter(f -> f < s.ffn()).sorted((a, b) -> b - a)
                .forEach(out::add);
        return out;
    }

    /** Whether the parent has layer groups (one layer has none to remove). */
    private boolean layerGroups(TransformerSpace.Size s) {
        return s.layers() > 1;
    }

    @Override
    public List<Group> groups(Architecture parent) {
        TransformerSpace.Size s = space.size(parent);
        List<Group> out = new ArrayList<>();
        if (layerGroups(s)) {
            for (int l = 0; l < s.layers(); l++) {
                out.add(new Group("layer " + (l + 1), List.of("kept", "dropped")));
            }
        }
        List<Integer> widths = widths(s);
        if (widths.size() > 1) {
            out.add(new Group("ffn", widths.stream().map(f -> "f" + f).toList()));
        }
        return out;
    }

    /** The parent layers kept, in order, and the feed-forward width. */
    private record Kept(List<Integer> layers, int ffn) {}

    private Kept kept(Architecture parent, int[] states) {
        TransformerSpace.Size s = space.size(parent);
        int expected = groups(parent).size();
        if (states.length != expected) {
            throw new IllegalArgumentException("transformer pruning of " + parent.canonical() + " has " + expected
                    + " groups, not " + states.length);
        }
        List<Integer> layers = new ArrayList<>();
        int g = 0;
        for (int l = 0; l < s.layers(); l++) {
            if (!layerGroups(s) || states[g++] == 0) {
                layers.add(l);
            }
        }
        List<Integer> widths = widths(s);
        int ffn = widths.size() > 1 ? widths.get(states[g]) : s.ffn();
        return new Kept(layers, ffn);
    }

    @Override
    public boolean allowed(Architecture parent, int[] states) {
        return layerChoices.contains(kept(parent, states).layers().size());
    }

    @Override
    public long units(Architecture parent, int[] states) {
        Kept k = kept(parent, states);
        return (long) k.layers().size() * k.ffn();
    }

    @Override
    public Architecture child(Architecture parent, int[] states) {
        if (!allowed(parent, states)) {
            throw new IllegalArgumentException(space.name() + " has no model of " + kept(parent, states).layers()
                    .size() + " layers; it has " + layerChoices);
        }
        TransformerSpace.Size s = space.size(parent);
        Kept k = kept(parent, states);
        return space.decode(new TransformerSpace.Size(k.layers().size(), s.dModel(), s.heads(), k.ffn(), s.vocab(),
                s.context()).canonical());
    }

    @Override
    public Weights weights(Architecture parent, Graph parentGraph, Weights parentWeights, int[] states,
            Graph childGraph) {
        Kept k = kept(parent, states);
        Map<Integer, int[]> units = new LinkedHashMap<>();
        Map<String, TensorData> out = new LinkedHashMap<>();
        for (Initializer i : childGraph.initializers().values()) {
            if (!i.isParameter()) {
                continue;
            }
            Matcher m = BLOCK.matcher(i.name());
            String from = i.name();
            float[] v;
            if (m.matches()) {
                int l = k.layers().get(Integer.parseInt(m.group(1)));
                String prefix = "block" + l + "/";
                from = prefix + m.group(2);
                int[] keep = units.computeIfAbsent(l, x -> unitsKept(parentGraph, parentWeights, prefix, k.ffn()));
                v = parentWeights.get(from).floats();
                List<Integer> dims = Slices.dims(parentGraph, from);
                v = switch (m.group(2)) {
                    case UP -> Slices.keep(v, dims, 1, keep);
                    case UP_BIAS -> Slices.keep(v, dims, 0, keep);
                    case DOWN -> Slices.keep(v, dims, 0, keep);
                    default -> v.clone();
                };
            } else {
                Slices.dims(parentGraph, from); // refuses a name the parent lacks
                v = parentWeights.get(from).floats().clone();
            }
            if (v.length != i.type().elements()) {
                throw new IllegalStateException("pruned " + from + " has " + v.length + " values, but the child's "
                        + i.name() + " takes " + i.type().elements());
            }
            out.put(i.name(), TensorData.ofFloats(v));
        }
        return Weights.of(childGraph, out);
    }

    /** The {@code ffn} feed-forward units of layer {@code prefix} with the largest L1 norm in times out. */
    private static int[] unitsKept(Graph g, Weights w, String prefix, int ffn) {
        List<Integer> up = Slices.dims(g, prefix + UP);
        if (up.get(1) == ffn) {
            return Slices.all(ffn);
        }
        double[] in = Slices.l1(w.get(prefix + UP).floats(), up, 1);
        double[] outOf = Slices.l1(w.get(prefix + DOWN).floats(), Slices.dims(g, prefix + DOWN), 0);
        return Slices.largest(Slices.times(in, outOf), ffn);
    }

    @Override
    public String criterion() {
        return "transformer: layers by the validation loss of removing each, feed-forward units by L1 in x L1 out";
    }
}
