package io.hwnas.predictors.lut;

import io.hwnas.core.space.Architecture;
import io.hwnas.core.space.Dimension;
import io.hwnas.core.space.SearchSpace;
import java.util.List;

/**
 * mbv3 (once-for-all's latency table): a base column per input resolution (stem, first block, final expand and
 * head, whose cost depends only on the resolution) and a block per (stage, position, kernel, expansion, resolution
 * bucket) for each active MBConv block. Position is {@code first} or {@code rest}: a stage's first block changes
 * width and stride, while its blocks 2–4 all have the same input and output shapes, so they cost the same and share
 * one entry (once-for-all also keys its table by block shape). Buckets group resolutions {@code bucket} pixels wide,
 * from 128; the base columns keep every resolution apart. The genome layout is read from the space's dimension
 * names ({@code resolution}, {@code depth1..5}, {@code kernel1.1..5.4}, {@code expand1.1..5.4}).
 */
final class Mbv3Layout implements BlockLayout {

    static final String SPACE = "mbv3";
    private static final int STAGES = 5;
    private static final int SLOTS = 4;
    private static final int POSITIONS = 2;

    private final int[] resolutions;
    private final int[] depths;
    private final int[] kernels;
    private final int[] expansions;
    private final int[] bucketOf;
    private final int buckets;
    private final int resolutionGene;
    private final int[] depthGene = new int[STAGES];
    private final int[] kernelGene = new int[STAGES * SLOTS];
    private final int[] expandGene = new int[STAGES * SLOTS];

    Mbv3Layout(SearchSpace space, int bucketWidth) {
        List<Dimension> dims = space.dimensions();
        resolutionGene = index(dims, "resolution");
        resolutions = ints(dims.get(resolutionGene));
        for (int s = 0; s < STAGES; s++) {
            depthGene[s] = index(dims, "depth" + (s + 1));
            for (int b = 0; b < SLOTS; b++) {
                kernelGene[s * SLOTS + b] = index(dims, "kernel" + (s + 1) + "." + (b + 1));
                expandGene[s * SLOTS + b] = index(dims, "expand" + (s + 1) + "." + (b + 1));
            }
        }
        depths = ints(dims.get(depthGene[0]));
        kernels = ints(dims.get(kernelGene[0]));
        expansions = ints(dims.get(expandGene[0]));
        if (bucketWidth < 1) {
            throw new IllegalArgumentException("lut option bucket must be >= 1 pixel, but was " + bucketWidth);
        }
        // dense bucket numbers, so that a width that skips resolutions leaves no empty bucket
        bucketOf = new int[resolutions.length];
        int b = -1;
        int previous = Integer.MIN_VALUE;
        for (int i = 0; i < resolutions.length; i++) {
            int raw = (resolutions[i] - resolutions[0]) / bucketWidth;
            if (raw != previous) {
                b++;
                previous = raw;
            }
            bucketOf[i] = b;
        }
        this.buckets = b + 1;
    }

    private static int index(List<Dimension> dims, String name) {
        for (int i = 0; i < dims.size(); i++) {
            if (dims.get(i).name().equals(name)) {
                return i;
            }
        }
        throw new IllegalArgumentException("mbv3 layout: the space has no dimension '" + name + "'");
    }

    private static int[] ints(Dimension d) {
        return d.choices().stream().mapToInt(Integer::parseInt).toArray();
    }

    private int blocksPerStage() {
        return POSITIONS * kernels.length * expansions.length * buckets;
    }

    @Override
    public int columns() {
        return resolutions.length + STAGES * blocksPerStage();
    }

    private int column(int stage, int position, int k, int e, int bucket) {
        return resolutions.length + (((stage * POSITIONS + position) * kernels.length + k) * expansions.length + e)
                * buckets + bucket;
    }

    @Override
    public String name(int column) {
        if (isBase(column)) {
            return "stem+head/r" + resolutions[column];
        }
        int[] p = parts(column);
        int lo = Integer.MAX_VALUE;
        int hi = Integer.MIN_VALUE;
        for (int i = 0; i < resolutions.length; i++) {
            if (bucketOf[i] == p[4]) {
                lo = Math.min(lo, resolutions[i]);
                hi = Math.max(hi, resolutions[i]);
            }
        }
        return "stage" + (p[0] + 1) + "/" + (p[1] == 0 ? "first" : "rest") + "/k" + kernels[p[2]] + "/e"
                + expansions[p[3]] + "/r" + lo + (hi > lo ? "-" + hi : "");
    }

    /** stage, position, kernel index, expansion index, bucket of a block column. */
    private int[] parts(int column) {
        int c = column - resolutions.length;
        int bucket = c % buckets;
        c /= buckets;
        int e = c % expansions.length;
        c /= expansions.length;
        int k = c % kernels.length;
        c /= kernels.length;
        int position = c % POSITIONS;
        int stage = c / POSITIONS;
        return new int[] {stage, position, k, e, bucket};
    }

    @Override
    public boolean isBase(int column) {
        return column < resolutions.length;
    }

    @Override
    public List<String> fallbackGroups(int column) {
        if (isBase(column)) {
            return List.of("stem+head");
        }
        int[] p = parts(column);
        String stage = "stage" + (p[0] + 1);
        String pos = p[1] == 0 ? "first" : "rest";
        return List.of(stage + "/" + pos + "/k" + kernels[p[2]] + "/e" + expansions[p[3]],
                stage + "/k" + kernels[p[2]], "k" + kernels[p[2]]);
    }

    @Override
    public int maxActive() {
        return 1 + STAGES * SLOTS;
    }

    @Override
    public int activeColumns(Architecture a, int[] out) {
        int r = a.gene(resolutionGene);
        int bucket = bucketOf[r];
        int n = 0;
        out[n++] = r;
        for (int s = 0; s < STAGES; s++) {
            int depth = depths[a.gene(depthGene[s])];
            for (int b = 0; b < depth; b++) {
                out[n++] = column(s, b == 0 ? 0 : 1, a.gene(kernelGene[s * SLOTS + b]),
                        a.gene(expandGene[s * SLOTS + b]), bucket);
            }
        }
        return n;
    }
}
