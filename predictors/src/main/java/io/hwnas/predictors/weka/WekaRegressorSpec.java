package io.hwnas.predictors.weka;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A Weka regressor by class name and options, as {@code --predictor weka:CLASS OPTIONS...} gives it: the text after
 * the colon, split as Weka's own command line splits it ({@code weka.core.Utils.splitOptions}: quotes group,
 * backslash escapes).
 *
 * <pre>{@code
 * WekaRegressorSpec m5p = WekaRegressorSpec.parse("weka.classifiers.trees.M5P -M 4");
 * WekaRegressorSpec gp = WekaRegressorSpec.parse(
 *         "weka.classifiers.functions.GaussianProcesses -L 0.1 -K \"weka.classifiers.functions.supportVector.RBFKernel -G 0.05\"");
 * }</pre>
 *
 * <p>A kernel ({@code -K}) of {@code GaussianProcesses} or {@code SMOreg} is made here as an object and set on the
 * regressor, rather than named to Weka, whose {@code forName} would otherwise scan the class path for it.
 *
 * @param classifier fully qualified class name of a {@code weka.classifiers.Classifier} that predicts numbers
 * @param options    its options, one token per element
 */
public record WekaRegressorSpec(String classifier, List<String> options) {

    /**
     * The default: a sum of per-operation costs fitted on relative error, then an M5 model tree (Quinlan, at least 10
     * rows per leaf) on the log residual ({@link OpCostRegressor}). Where a space's features count what the runtime
     * runs ({@code rt.*}, nb201), the sum carries the latency and the tree the rest: on 500 nb201 cells measured on
     * one CPU thread (80/20) 0.95-0.99 within ±10 % where M5P alone gave 0.86-0.96, and at 40-70 training cells,
     * where a tree in log space has too few rows, 0.76-0.85 of the cells near a budget where M5P gave 0.54-0.64
     * ({@code bench/predictor-few-shot.sh}, {@code docs/weka-predictor.md}). Without {@code rt.*} features the sum
     * is a constant and the model is {@code M5P -M 10}, the previous default.
     */
    public static final WekaRegressorSpec DEFAULT = new WekaRegressorSpec(
            "io.hwnas.predictors.weka.OpCostRegressor", List.of("-W", "weka.classifiers.trees.M5P", "--", "-M", "10"));

    /** The default before {@link OpCostRegressor}: M5P alone, at least 10 rows per leaf. */
    public static final WekaRegressorSpec M5P = new WekaRegressorSpec("weka.classifiers.trees.M5P",
            List.of("-M", "10"));

    public WekaRegressorSpec {
        Objects.requireNonNull(classifier, "classifier");
        if (classifier.isBlank() || classifier.startsWith("-")) {
            throw new IllegalArgumentException("weka classifier must be a class name such as "
                    + "weka.classifiers.trees.M5P, but was '" + classifier + "'");
        }
        options = List.copyOf(Objects.requireNonNull(options, "options"));
    }

    /**
     * Reads {@code CLASS [OPTIONS...]}; blank text is {@link #DEFAULT}.
     *
     * @throws IllegalArgumentException for unbalanced quotes or a missing class name, quoting the text
     */
    public static WekaRegressorSpec parse(String text) {
        if (text == null || text.isBlank()) {
            return DEFAULT;
        }
        String[] tokens;
        try {
            tokens = weka.core.Utils.splitOptions(text.strip());
        } catch (Exception e) {
            throw new IllegalArgumentException("weka options '" + text + "': " + e.getMessage(), e);
        }
        if (tokens.length == 0) {
            return DEFAULT;
        }
        return new WekaRegressorSpec(tokens[0], Arrays.asList(tokens).subList(1, tokens.length));
    }

    /** The options as one line that {@link #parse} reads back to an equal spec. */
    public String text() {
        List<String> all = new ArrayList<>();
        all.add(classifier);
        all.addAll(options);
        return weka.core.Utils.joinOptions(all.toArray(String[]::new));
    }

    /** The simple class name, e.g. {@code M5P}. */
    public String shortName() {
        return classifier.substring(classifier.lastIndexOf('.') + 1);
    }

    @Override
    public String toString() {
        return text();
    }
}
