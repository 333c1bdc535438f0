package io.hwnas.core.train;

import java.util.Locale;
import java.util.Objects;

/**
 * How a candidate is trained: the budget (epochs or optimiser steps), the batch, the optimiser and its learning-rate
 * schedule, and the early-stopping rule. Everything that changes a trained network's accuracy is here except the
 * seed and the data, which are the other parts of a {@link TrainingKey}; {@link #key()} is the canonical string that
 * the training database stores, so two configurations that train alike share results.
 *
 * <pre>{@code
 * TrainingConfig c = TrainingConfig.builder().epochs(2).batchSize(64).optimizer(Optimizer.SGD)
 *         .learningRate(0.05).schedule(Schedule.COSINE).patience(0).build();
 * c.key();   // "epochs=2,steps=0,batch=64,opt=sgd,lr=0.05,momentum=0.9,wd=5.0E-4,schedule=cosine,warmup=0,patience=0,limit=0,clip=5"
 * }</pre>
 *
 * @param epochs        passes over the training split; 0 when the budget is {@code steps}
 * @param steps         optimiser steps; 0 when the budget is {@code epochs}
 * @param batchSize     images per step
 * @param optimizer     the update rule
 * @param learningRate  the peak learning rate
 * @param momentum      SGD's momentum (ignored by Adam)
 * @param weightDecay   L2 penalty applied by the optimiser to every parameter
 * @param schedule      how the learning rate moves over the run
 * @param warmupSteps   linear warm-up from 0 to the peak over this many steps (0: none)
 * @param patience      early stopping: stop after this many evaluations without a better validation accuracy
 *                      (0: never stop early); the best evaluation's weights are kept
 * @param trainLimit    at most this many training images are used (0: the whole training split); a cheap fidelity
 * @param clipNorm      the gradients of each step are scaled down together when their global L2 norm exceeds this
 *                      (0: never), as PyTorch's {@code clip_grad_norm_} does
 */
public record TrainingConfig(int epochs, int steps, int batchSize, Optimizer optimizer, double learningRate,
        double momentum, double weightDecay, Schedule schedule, int warmupSteps, int patience, int trainLimit,
        double clipNorm) implements java.io.Serializable {

    private static final long serialVersionUID = 1L;

    /** The optimisers: DJL's implementations of each. */
    public enum Optimizer {
        SGD, ADAM;

        public static Optimizer parse(String s) {
            for (Optimizer o : values()) {
                if (o.name().equalsIgnoreCase(s.strip())) {
                    return o;
                }
            }
            throw new IllegalArgumentException("unknown optimizer '" + s + "'; known: sgd, adam");
        }

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Learning-rate schedules. {@code STEP} divides the rate by 10 at half and at three quarters of the run. */
    public enum Schedule {
        CONSTANT, COSINE, STEP;

        public static Schedule parse(String s) {
            for (Schedule o : values()) {
                if (o.name().equalsIgnoreCase(s.strip())) {
                    return o;
                }
            }
            throw new IllegalArgumentException("unknown schedule '" + s + "'; known: constant, cosine, step");
        }

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public TrainingConfig {
        Objects.requireNonNull(optimizer, "optimizer");
        Objects.requireNonNull(schedule, "schedule");
        if (epochs < 0 || steps < 0) {
            throw new IllegalArgumentException("epochs and steps must be >= 0, but were " + epochs + " and " + steps);
        }
        if ((epochs == 0) == (steps == 0)) {
            throw new IllegalArgumentException("the budget is epochs or steps, exactly one of them > 0, but epochs was "
                    + epochs + " and steps " + steps);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be > 0, but was " + batchSize);
        }
        if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
            throw new IllegalArgumentException("learningRate must be > 0, but was " + learningRate);
        }
        if (!(momentum >= 0 && momentum < 1)) {
            throw new IllegalArgumentException("momentum must be in [0, 1), but was " + momentum);
        }
        if (!(weightDecay >= 0) || !Double.isFinite(weightDecay)) {
            throw new IllegalArgumentException("weightDecay must be >= 0, but was " + weightDecay);
        }
        if (!(clipNorm >= 0) || !Double.isFinite(clipNorm)) {
            throw new IllegalArgumentException("clipNorm must be >= 0, but was " + clipNorm);
        }
        if (warmupSteps < 0 || patience < 0 || trainLimit < 0) {
            throw new IllegalArgumentException("warmupSteps, patience and trainLimit must be >= 0, but were "
                    + warmupSteps + ", " + patience + ", " + trainLimit);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.epochs = epochs;
        b.steps = steps;
        b.batchSize = batchSize;
        b.optimizer = optimizer;
        b.learningRate = learningRate;
        b.momentum = momentum;
        b.weightDecay = weightDecay;
        b.schedule = schedule;
        b.warmupSteps = warmupSteps;
        b.patience = patience;
        b.trainLimit = trainLimit;
        b.clipNorm = clipNorm;
        return b;
    }

    /** The canonical string of every field, in a fixed order: the budget column of the training database. */
    public String key() {
        return "epochs=" + epochs + ",steps=" + steps + ",batch=" + batchSize + ",opt=" + optimizer + ",lr="
                + num(learningRate) + ",momentum=" + num(momentum) + ",wd=" + num(weightDecay) + ",schedule="
                + schedule + ",warmup=" + warmupSteps + ",patience=" + patience + ",limit=" + trainLimit + ",clip="
                + num(clipNorm);
    }

    /** The budget alone, for people: {@code 2 epochs} or {@code 500 steps}. */
    public String budget() {
        return epochs > 0 ? epochs + (epochs == 1 ? " epoch" : " epochs") : steps + " steps";
    }

    private static String num(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }

    /**
     * Defaults: 1 epoch, batch 64, SGD with momentum 0.9, lr 0.05, weight decay 5e-4, cosine, no early stopping,
     * gradients clipped to a global norm of 5.
     */
    public static final class Builder {
        private int epochs = 1;
        private int steps;
        private int batchSize = 64;
        private Optimizer optimizer = Optimizer.SGD;
        private double learningRate = 0.05;
        private double momentum = 0.9;
        private double weightDecay = 5e-4;
        private Schedule schedule = Schedule.COSINE;
        private int warmupSteps;
        private int patience;
        private int trainLimit;
        private double clipNorm = 5;

        private Builder() {}

        /** An epoch budget (clears a step budget). */
        public Builder epochs(int n) {
            this.epochs = n;
            this.steps = 0;
            return this;
        }

        /** A step budget (clears an epoch budget). */
        public Builder steps(int n) {
            this.steps = n;
            this.epochs = 0;
            return this;
        }

        public Builder batchSize(int n) {
            this.batchSize = n;
            return this;
        }

        public Builder optimizer(Optimizer o) {
            this.optimizer = o;
            return this;
        }

        public Builder learningRate(double lr) {
            this.learningRate = lr;
            return this;
        }

        public Builder momentum(double m) {
            this.momentum = m;
            return this;
        }

        public Builder weightDecay(double wd) {
            this.weightDecay = wd;
            return this;
        }

        public Builder schedule(Schedule s) {
            this.schedule = s;
            return this;
        }

        public Builder warmupSteps(int n) {
            this.warmupSteps = n;
            return this;
        }

        public Builder patience(int n) {
            this.patience = n;
            return this;
        }

        public Builder trainLimit(int n) {
            this.trainLimit = n;
            return this;
        }

        public Builder clipNorm(double c) {
            this.clipNorm = c;
            return this;
        }

        public TrainingConfig build() {
            return new TrainingConfig(epochs, steps, batchSize, optimizer, learningRate, momentum, weightDecay,
                    schedule, warmupSteps, patience, trainLimit, clipNorm);
        }
    }
}
