package io.hwnas.core.search.config;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.hwnas.core.train.TrainingConfig;
import java.util.Objects;

/** Where a search's accuracy comes from, as configured (the oracle itself is built by whoever wires the search). */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({@JsonSubTypes.Type(value = AccuracySource.Nb201.class, name = "nb201"),
    @JsonSubTypes.Type(value = AccuracySource.Table.class, name = "table"),
    @JsonSubTypes.Type(value = AccuracySource.ScalingLaw.class, name = "scaling"),
    @JsonSubTypes.Type(value = AccuracySource.Training.class, name = "train")})
public sealed interface AccuracySource {

    /** What the manifest and the oracle call it: {@code nb201:cifar10}, {@code table}, {@code train:mnist}. */
    String name();

    /** The NAS-Bench-201 table shipped with hwnas. @param oracle {@code nb201:cifar10}, {@code nb201-12ep:...} */
    record Nb201(String oracle) implements AccuracySource {
        public Nb201 {
            Objects.requireNonNull(oracle, "oracle");
        }

        @Override
        public String name() {
            return oracle;
        }
    }

    /** The user's own table: accuracies in % in {@code column}, architectures in {@code archColumn}. */
    record Table(String file, String column, String archColumn) implements AccuracySource {
        public Table {
            Objects.requireNonNull(file, "file");
            Objects.requireNonNull(column, "column");
            Objects.requireNonNull(archColumn, "archColumn");
        }

        @Override
        public String name() {
            return "table";
        }
    }

    /**
     * Minus the loss a scaling law predicts for a language model.
     *
     * @param tokens         training tokens of every candidate, or null for {@code tokensPerParam} times its
     *                       parameters
     */
    record ScalingLaw(String law, Double tokens, double tokensPerParam) implements AccuracySource {
        public ScalingLaw {
            Objects.requireNonNull(law, "law");
            if (tokens != null && !(tokens > 0)) {
                throw new IllegalArgumentException("tokens must be > 0, but was " + tokens);
            }
            if (!(tokensPerParam > 0)) {
                throw new IllegalArgumentException("tokens per parameter must be > 0, but was " + tokensPerParam);
            }
        }

        @Override
        public String name() {
            return "scaling:" + law;
        }
    }

    /**
     * Every candidate trained on {@code dataset}.
     *
     * @param finalEpochs the higher fidelity the final front is promoted to, or null for none
     */
    record Training(String dataset, TrainingConfig training, Integer finalEpochs) implements AccuracySource {
        public Training {
            Objects.requireNonNull(dataset, "dataset");
            Objects.requireNonNull(training, "training");
            if (finalEpochs != null && finalEpochs < 1) {
                throw new IllegalArgumentException("final epochs must be >= 1, but was " + finalEpochs);
            }
        }

        @Override
        public String name() {
            return "train:" + dataset;
        }
    }
}
