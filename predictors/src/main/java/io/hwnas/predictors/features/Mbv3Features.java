package io.hwnas.predictors.features;

import io.hwnas.core.space.Architecture;
import io.hwnas.core.space.Dimension;
import io.hwnas.core.space.Mbv3Space;
import java.util.ArrayList;
import java.util.List;

/**
 * Features of a once-for-all MobileNetV3 subnet ({@code mbv3-v1}): the {@linkplain GraphFeatures graph part}, then
 * the resolution, the five depths, each slot's kernel and expansion as numbers ({@code kernel1.1}, {@code expand1.1},
 * ...; 0 for a slot past its stage's depth, never the first choice), and per stage the sums that decide its cost:
 * {@code stage1.kernels}, {@code stage1.expands} and {@code stage1.k2e} (the sum of kernel² · expansion, which the
 * depthwise convolution's work follows).
 */
final class Mbv3Features implements FeatureExtractor {

    static final String SCHEMA_NAME = "mbv3-v1";

    private static final int STAGES = 5;
    private static final int SLOTS = 4;
    private static final int DEPTH_GENE = 1;
    private static final int KERNEL_GENE = DEPTH_GENE + STAGES;
    private static final int EXPAND_GENE = KERNEL_GENE + STAGES * SLOTS;

    private final Mbv3Space space;
    private final List<Dimension> dims;
    private final FeatureSchema schema;

    Mbv3Features(Mbv3Space space) {
        this.space = space;
        this.dims = space.dimensions();
        if (dims.size() != EXPAND_GENE + STAGES * SLOTS || !dims.get(0).name().equals("resolution")
                || !dims.get(KERNEL_GENE).name().startsWith("kernel")
                || !dims.get(EXPAND_GENE).name().startsWith("expand")) {
            throw new IllegalStateException("mbv3 dimensions changed; features expect resolution, 5 depths, 20 kernels "
                    + "and 20 expansions");
        }
        List<String> names = new ArrayList<>(GraphFeatures.names());
        for (Dimension d : dims) {
            names.add(d.name());
        }
        for (int s = 1; s <= STAGES; s++) {
            names.add("stage" + s + ".kernels");
            names.add("stage" + s + ".expands");
            names.add("stage" + s + ".k2e");
        }
        names.add("blocks");
        this.schema = new FeatureSchema(SCHEMA_NAME, names);
    }

    @Override
    public FeatureSchema schema() {
        return schema;
    }

    @Override
    public double[] extract(Architecture architecture) {
        Features.requireSpace(space.name(), architecture);
        double[] out = new double[schema.size()];
        int i = GraphFeatures.fill(space.buildGraph(architecture), out, 0);
        int base = i;
        for (int g = 0; g < dims.size(); g++) {
            out[i++] = value(architecture, g);
        }
        int blocks = 0;
        for (int s = 0; s < STAGES; s++) {
            double kernels = 0;
            double expands = 0;
            double k2e = 0;
            for (int b = 0; b < SLOTS; b++) {
                double k = out[base + KERNEL_GENE + s * SLOTS + b];
                double e = out[base + EXPAND_GENE + s * SLOTS + b];
                kernels += k;
                expands += e;
                k2e += k * k * e;
            }
            out[i++] = kernels;
            out[i++] = expands;
            out[i++] = k2e;
            blocks += (int) out[base + DEPTH_GENE + s];
        }
        out[i++] = blocks;
        assert i == out.length;
        return out;
    }

    /** The chosen number (resolution 224, depth 3, kernel 5, ...), or 0 for an inactive gene. */
    private double value(Architecture a, int gene) {
        int g = a.gene(gene);
        return g == Architecture.INACTIVE ? 0 : Double.parseDouble(dims.get(gene).choices().get(g));
    }
}
