package io.hwnas.training.exits;

import io.hwnas.training.djl.HeadOutputs;
import java.util.Arrays;

/**
 * The early-exit policy: an input leaves at the first exit whose confidence (largest softmax probability) reaches
 * that exit's threshold, and the network's own classifier takes the rest. Scored on a trained network's outputs
 * ({@link HeadOutputs}: its exits first, its classifier last), it gives the share of inputs that leave at each exit
 * and the accuracy of the answers given where they left. A threshold of 0 takes every input that reaches its exit;
 * one above 1 takes none. The thresholds need no training: one set of outputs scores any of them.
 *
 * <pre>{@code
 * ExitPolicy.Result r = ExitPolicy.apply(heads, new double[] {0.9, 0.8});
 * r.shares();     // {x1, x2, final}, summing to 1
 * r.accuracy();   // a fraction
 * }</pre>
 */
public final class ExitPolicy {

    private ExitPolicy() {}

    /**
     * @param shares     per exit, then the final classifier: the fraction of inputs that leave there
     * @param accuracy   the fraction of all inputs answered correctly where they left
     * @param accuracyAt per exit and the final classifier, the accuracy on the inputs that left there (NaN: none did)
     */
    public record Result(double[] shares, double accuracy, double[] accuracyAt) {}

    /**
     * Scores the thresholds, one per exit (every output but the last).
     *
     * @throws IllegalArgumentException when there is not one threshold per exit
     */
    public static Result apply(HeadOutputs heads, double[] thresholds) {
        int exits = heads.outputs().size() - 1;
        if (thresholds.length != exits) {
            throw new IllegalArgumentException("the network has " + exits + " exits " + heads.outputs().subList(0,
                    exits) + " but " + thresholds.length + " thresholds were given: " + Arrays.toString(thresholds));
        }
        int n = heads.images();
        int[] left = new int[exits + 1];
        int[] right = new int[exits + 1];
        for (int i = 0; i < n; i++) {
            int at = exits;
            for (int k = 0; k < exits; k++) {
                if (heads.confidence()[k][i] >= thresholds[k]) {
                    at = k;
                    break;
                }
            }
            left[at]++;
            right[at] += heads.correct(at, i) ? 1 : 0;
        }
        double[] shares = new double[exits + 1];
        double[] accuracyAt = new double[exits + 1];
        int correct = 0;
        for (int k = 0; k <= exits; k++) {
            shares[k] = n == 0 ? (k == exits ? 1 : 0) : left[k] / (double) n;
            accuracyAt[k] = left[k] == 0 ? Double.NaN : right[k] / (double) left[k];
            correct += right[k];
        }
        return new Result(shares, n == 0 ? Double.NaN : correct / (double) n, accuracyAt);
    }
}
