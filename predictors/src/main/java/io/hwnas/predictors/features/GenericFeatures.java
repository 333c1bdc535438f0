package io.hwnas.predictors.features;

import io.hwnas.core.space.Architecture;
import io.hwnas.core.space.Dimension;
import io.hwnas.core.space.SearchSpace;
import java.util.ArrayList;
import java.util.List;

/**
 * Features of a space without its own extractor ({@code <space>-generic-v1}): the {@linkplain GraphFeatures graph
 * part}, then per dimension its gene as {@code choice index + 1}, 0 when inactive. Trees split on these as well as on
 * values; a space with numeric choices deserves its own extractor, as {@code mbv3} has.
 */
final class GenericFeatures implements FeatureExtractor {

    private final SearchSpace space;
    private final FeatureSchema schema;

    GenericFeatures(SearchSpace space) {
        this.space = space;
        List<String> names = new ArrayList<>(GraphFeatures.names());
        for (Dimension d : space.dimensions()) {
            names.add("gene." + d.name());
        }
        this.schema = new FeatureSchema(space.name() + "-generic-v1", names);
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
        for (int g = 0; g < architecture.genome().size() && i < out.length; g++) {
            int gene = architecture.gene(g);
            out[i++] = gene == Architecture.INACTIVE ? 0 : gene + 1;
        }
        return out;
    }
}
