package io.hwnas.training.exits;

import io.hwnas.core.exec.EvaluationExecutor;
import io.hwnas.core.search.AccuracyOracle;
import io.hwnas.core.search.CandidateFailedException;
import io.hwnas.core.search.ExitShares;
import io.hwnas.core.space.Architecture;
import io.hwnas.core.space.EarlyExitSpace;
import io.hwnas.training.djl.HeadOutputs;
import io.hwnas.training.oracle.TrainingOracle;
import io.hwnas.training.oracle.TrainingService;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * Accuracy and exit shares of a network with early exits, by training ({@code train:mnist} on {@code nb201-ee}):
 * the network is trained with every exit that is on, all heads jointly (the sum of their cross-entropies), once per
 * network: the training is keyed by which exits are on, not by their thresholds
 * ({@link EarlyExitSpace#networkKey}). Then every validation image is run through the kept weights, and the
 * thresholds' {@link ExitPolicy} decides where each leaves: the policy's accuracy is the candidate's accuracy, and
 * the fractions that leave at each exit are its {@link #shares}, which the expected latency weighs the measured paths
 * with. The outputs are kept per network, so every threshold of a trained network is scored without running it
 * again. The final front's held-out accuracy is the policy's on the test split.
 */
public final class EarlyExitOracle implements AccuracyOracle, ExitShares {

    private final TrainingOracle training;
    private final EarlyExitSpace space;
    private final Map<String, HeadOutputs> validation = new HashMap<>();
    private final Map<String, HeadOutputs> test = new HashMap<>();

    public EarlyExitOracle(TrainingOracle training, EarlyExitSpace space) {
        this.training = Objects.requireNonNull(training, "training");
        this.space = Objects.requireNonNull(space, "space");
    }

    public TrainingOracle training() {
        return training;
    }

    @Override
    public String name() {
        return training.name();
    }

    @Override
    public String source() {
        return training.source() + "; early exits: each network trained once with every exit that is on (the sum of "
                + "the heads' cross-entropies), then each validation image leaves at the first exit whose largest "
                + "softmax probability reaches its threshold (the final classifier takes the rest): the accuracy is "
                + "that policy's, and the shares of images leaving at each exit weigh the expected latency";
    }

    @Override
    public synchronized double accuracy(Architecture a) {
        training.accuracy(a); // trains it (once per network), or fails the candidate with the reason
        return 100 * policy(a, false).accuracy();
    }

    /** The batch's networks trained on the executor (once per network, whatever its thresholds). */
    @Override
    public void prefetch(List<Architecture> batch, EvaluationExecutor executor) {
        training.prefetch(batch, executor);
    }

    /** Where {@code a}'s thresholds send the validation images: per exit that is on, then the final classifier. */
    @Override
    public synchronized double[] shares(Architecture a) {
        return policy(a, false).shares();
    }

    /** The policy of {@code a}'s thresholds on the validation split (or the test split). */
    public synchronized ExitPolicy.Result policy(Architecture a, boolean onTest) {
        return ExitPolicy.apply(heads(a, onTest), space.thresholds(a));
    }

    /** Each exit's and the final classifier's own accuracy on every validation image, in %. */
    @Override
    public synchronized Map<String, Double> extras(Architecture a) {
        HeadOutputs h = heads(a, false);
        List<String> on = space.exitsOn(a);
        Map<String, Double> out = new LinkedHashMap<>();
        for (int k = 0; k < on.size(); k++) {
            out.put("exit_accuracy[" + on.get(k) + "]", 100 * h.accuracy(k));
        }
        out.put("final_accuracy", 100 * h.accuracy(on.size()));
        return out;
    }

    @Override
    public synchronized OptionalDouble heldOut(Architecture a) {
        if (training.heldOut(a).isEmpty()) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(100 * policy(a, true).accuracy());
    }

    @Override
    public double[] range() {
        return training.range();
    }

    private HeadOutputs heads(Architecture a, boolean onTest) {
        TrainingService s = onTest ? training.reported() : training.service();
        Map<String, HeadOutputs> cache = onTest ? test : validation;
        String key = space.networkKey(a);
        HeadOutputs h = cache.get(key);
        if (h == null) {
            try {
                h = s.heads(a, onTest);
            } catch (IllegalStateException e) {
                throw new CandidateFailedException(a.canonical(), e.getMessage(), e);
            }
            cache.put(key, h);
        }
        return h;
    }
}
