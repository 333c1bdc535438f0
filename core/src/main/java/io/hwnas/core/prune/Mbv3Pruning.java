package io.hwnas.core.prune;

import io.hwnas.core.graph.Graph;
import io.hwnas.core.graph.Initializer;
import io.hwnas.core.graph.TensorData;
import io.hwnas.core.onnx.Weights;
import io.hwnas.core.space.Architecture;
import io.hwnas.core.space.Mbv3Space;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * mbv3 pruned as once-for-all shrinks it: a block's expanded channels cut to a smaller expansion (6 to 4 or 3, 4 to
 * 3), and whole blocks removed from a stage (any but the first, which changes the width or the stride; a stage keeps
 * two). A removed block is a residual branch gone, so the stage's later blocks move up a slot with their weights.
 *
 * <p>Importance of an expanded channel: its depthwise batch-norm scale times the L1 norm of the projection weights
 * that read it (how loud the channel is after its last normalisation, times how much the block's output hears of
 * it). A smaller squeeze-and-excite keeps its hidden units by the L1 norm of the weights into them from the kept
 * channels times that of the weights out of them to the kept channels. The units of a pruning ratio are expanded
 * channels summed over the network (a removed block keeps none of its own).
 */
final class Mbv3Pruning implements StructuredPruning {

    private static final Pattern BLOCK = Pattern.compile("stage(\\d+)/block(\\d+)/(.+)");

    private final Mbv3Space space;

    Mbv3Pruning(Mbv3Space space) {
        this.space = space;
    }

    /** A block of the parent and the expansion of each of its states, 0 for removed. */
    private record Block(int stage, int slot, List<Integer> expansions) {}

    private static List<Block> blocks(Architecture parent) {
        List<Block> out = new ArrayList<>();
        for (int s = 0; s < Mbv3Space.STAGES; s++) {
            for (int j = 0; j < Mbv3Space.depth(parent, s); j++) {
                int e = Mbv3Space.expansion(parent, s, j);
                List<Integer> states = new ArrayList<>(List.of(e));
                for (int k = Mbv3Space.expansions().size() - 1; k >= 0; k--) {
                    if (Mbv3Space.expansions().get(k) < e) {
                        states.add(Mbv3Space.expansions().get(k));
                    }
                }
                if (j > 0) {
                    states.add(0);
                }
                if (states.size() > 1) {
                    out.add(new Block(s, j, states));
                }
            }
        }
        return out;
    }

    @Override
    public List<Group> groups(Architecture parent) {
        own(parent);
        return blocks(parent).stream().map(b -> new Group("stage" + (b.stage + 1) + "/block" + (b.slot + 1),
                b.expansions.stream().map(e -> e == 0 ? "dropped" : "e" + e).toList())).toList();
    }

    /** Each stage's kept blocks: the parent slot and the expansion of each, in order. */
    private List<List<int[]>> kept(Architecture parent, int[] states) {
        List<Block> blocks = blocks(parent);
        if (states.length != blocks.size()) {
            throw new IllegalArgumentException("mbv3 pruning of " + parent.canonical() + " has " + blocks.size()
                    + " groups, not " + states.length);
        }
        List<List<int[]>> out = new ArrayList<>();
        int g = 0;
        for (int s = 0; s < Mbv3Space.STAGES; s++) {
            List<int[]> stage = new ArrayList<>();
            for (int j = 0; j < Mbv3Space.depth(parent, s); j++) {
                int e = Mbv3Space.expansion(parent, s, j);
                if (g < blocks.size() && blocks.get(g).stage == s && blocks.get(g).slot == j) {
                    List<Integer> options = blocks.get(g).expansions;
                    if (states[g] < 0 || states[g] >= options.size()) {
                        throw new IllegalArgumentException("state " + states[g] + " of a group with "
                                + options.size() + " states");
                    }
                    e = options.get(states[g]);
                    g++;
                }
                if (e > 0) {
                    stage.add(new int[] {j, e});
                }
            }
            out.add(stage);
        }
        return out;
    }

    @Override
    public boolean allowed(Architecture parent, int[] states) {
        own(parent);
        return kept(parent, states).stream().allMatch(s -> Mbv3Space.depths().contains(s.size()));
    }

    @Override
    public long units(Architecture parent, int[] states) {
        own(parent);
        long n = 0;
        List<List<int[]>> kept = kept(parent, states);
        for (int s = 0; s < kept.size(); s++) {
            for (int[] b : kept.get(s)) {
                n += Mbv3Space.expandedWidth(Mbv3Space.inputWidth(s, b[0]), b[1]);
            }
        }
        return n;
    }

    @Override
    public Architecture child(Architecture parent, int[] states) {
        own(parent);
        if (!allowed(parent, states)) {
            throw new IllegalArgumentException("mbv3 has no network with these blocks removed from "
                    + parent.canonical() + ": a stage keeps " + Mbv3Space.depths());
        }
        StringBuilder d = new StringBuilder();
        StringBuilder k = new StringBuilder();
        StringBuilder e = new StringBuilder();
        List<List<int[]>> kept = kept(parent, states);
        for (int s = 0; s < kept.size(); s++) {
            d.append(kept.get(s).size());
            for (int j = 0; j < Mbv3Space.SLOTS; j++) {
                int[] b = j < kept.get(s).size() ? kept.get(s).get(j) : null;
                k.append(b == null ? 0 : Mbv3Space.kernel(parent, s, b[0]));
                e.append(b == null ? 0 : b[1]);
            }
        }
        return space.decode("r" + Mbv3Space.resolution(parent) + "-d" + d + "-k" + k + "-e" + e);
    }

    @Override
    public Weights weights(Architecture parent, Graph parentGraph, Weights parentWeights, int[] states,
            Graph childGraph) {
        own(parent);
        List<List<int[]>> kept = kept(parent, states);
        Map<String, int[][]> channels = new LinkedHashMap<>(); // child block prefix -> {kept mid, kept squeeze}
        Map<String, TensorData> out = new LinkedHashMap<>();
        for (Initializer i : childGraph.initializers().values()) {
            if (!i.isParameter()) {
                continue;
            }
            Matcher m = BLOCK.matcher(i.name());
            if (!m.matches()) {
                out.put(i.name(), copy(parentGraph, parentWeights, i.name(), i));
                continue;
            }
            int s = Integer.parseInt(m.group(1)) - 1;
            int[] b = kept.get(s).get(Integer.parseInt(m.group(2)) - 1);
            String from = "stage" + (s + 1) + "/block" + (b[0] + 1) + "/";
            int[][] keep = channels.computeIfAbsent(from, f -> channelsKept(parentGraph, parentWeights, f, s, b));
            out.put(i.name(), slice(parentGraph, parentWeights, from + m.group(3), m.group(3), keep, i));
        }
        return Weights.of(childGraph, out);
    }

    /** The expanded channels and squeeze-and-excite units that block {@code from} keeps at expansion {@code b[1]}. */
    private static int[][] channelsKept(Graph g, Weights w, String from, int stage, int[] b) {
        int mid = Slices.dims(g, from + "depthwise/conv_w").get(0);
        int keepMid = Mbv3Space.expandedWidth(Mbv3Space.inputWidth(stage, b[0]), b[1]);
        double[] loud = abs(w.get(from + "depthwise/bn_scale").floats());
        double[] heard = Slices.l1(w.get(from + "project/conv_w").floats(), Slices.dims(g, from + "project/conv_w"), 1);
        int[] k = keepMid == mid ? Slices.all(mid) : Slices.largest(Slices.times(loud, heard), keepMid);
        if (!Mbv3Space.squeezeExcite(stage)) {
            return new int[][] {k, null};
        }
        String in = from + "se/conv_w";
        String back = from + "se/conv_w_1";
        int squeeze = Slices.dims(g, in).get(0);
        int keepSqueeze = Mbv3Space.squeezeWidth(keepMid);
        if (keepSqueeze == squeeze) {
            return new int[][] {k, Slices.all(squeeze)};
        }
        float[] into = Slices.keep(w.get(in).floats(), Slices.dims(g, in), 1, k);
        float[] outOf = Slices.keep(w.get(back).floats(), Slices.dims(g, back), 0, k);
        List<Integer> intoDims = List.of(squeeze, k.length, 1, 1);
        List<Integer> outOfDims = List.of(k.length, squeeze, 1, 1);
        double[] score = Slices.times(Slices.l1(into, intoDims, 0), Slices.l1(outOf, outOfDims, 1));
        return new int[][] {k, Slices.largest(score, keepSqueeze)};
    }

    /** A block's tensor {@code rest} with its expanded channels ({@code keep[0]}) and squeeze units kept. */
    private static TensorData slice(Graph g, Weights w, String name, String rest, int[][] keep, Initializer child) {
        float[] v = w.get(name).floats();
        List<Integer> dims = Slices.dims(g, name);
        int[] mid = keep[0];
        int[] squeeze = keep[1];
        float[] out = switch (rest) {
            case "expand/conv_w", "depthwise/conv_w", "se/conv_b_1" -> Slices.keep(v, dims, 0, mid);
            case "project/conv_w" -> Slices.keep(v, dims, 1, mid);
            case "se/conv_w" -> Slices.keep(Slices.keep(v, dims, 1, mid), with(dims, 1, mid.length), 0, squeeze);
            case "se/conv_b" -> Slices.keep(v, dims, 0, squeeze);
            case "se/conv_w_1" -> Slices.keep(Slices.keep(v, dims, 0, mid), with(dims, 0, mid.length), 1, squeeze);
            default -> rest.startsWith("expand/bn_") || rest.startsWith("depthwise/bn_")
                    ? Slices.keep(v, dims, 0, mid) : v.clone();
        };
        if (out.length != child.type().elements()) {
            throw new IllegalStateException("pruned " + name + " has " + out.length + " values, but the child's "
                    + child.name() + " takes " + child.type().elements());
        }
        return TensorData.ofFloats(out);
    }

    private static TensorData copy(Graph g, Weights w, String name, Initializer child) {
        Slices.dims(g, name); // refuses a name the parent lacks
        float[] v = w.get(name).floats().clone();
        if (v.length != child.type().elements()) {
            throw new IllegalStateException(name + " has " + v.length + " values in the parent, "
                    + child.type().elements() + " in the child");
        }
        return TensorData.ofFloats(v);
    }

    private static List<Integer> with(List<Integer> dims, int axis, int n) {
        List<Integer> out = new ArrayList<>(dims);
        out.set(axis, n);
        return out;
    }

    private static double[] abs(float[] v) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = Math.abs(v[i]);
        }
        return out;
    }

    private void own(Architecture a) {
        if (!a.space().equals(space.name())) {
            throw new IllegalArgumentException(a.canonical() + " is a " + a.space() + " architecture, not mbv3");
        }
    }

    @Override
    public String criterion() {
        return "mbv3: blocks by the validation loss of removing each, expanded channels by depthwise BN scale x L1 "
                + "of the projection reading them";
    }
}
