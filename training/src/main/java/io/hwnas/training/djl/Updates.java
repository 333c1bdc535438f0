package io.hwnas.training.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import io.hwnas.core.train.TrainingConfig;
import java.util.ArrayList;
import java.util.List;

/** One training step's update, the same for every trainer: DJL's optimiser and schedule, clipping, zeroing. */
final class Updates {

    private Updates() {}

    static Optimizer optimizer(TrainingConfig cfg, int total) {
        float lr = (float) cfg.learningRate();
        int warm = Math.min(cfg.warmupSteps(), Math.max(total - 1, 0));
        int main = Math.max(total - warm, 1);
        Tracker t = switch (cfg.schedule()) {
            case CONSTANT -> Tracker.fixed(lr);
            case COSINE -> Tracker.cosine().setBaseValue(lr).optFinalValue(0f).setMaxUpdates(main).build();
            case STEP -> Tracker.multiFactor().setSteps(new int[] {Math.max(main / 2, 1), Math.max(main * 3 / 4, 2)})
                    .optFactor(0.1f).setBaseValue(lr).build();
        };
        if (warm > 0) {
            t = Tracker.warmUp().optWarmUpSteps(warm).optWarmUpBeginValue(0f).setMainTracker(t).build();
        }
        float wd = (float) cfg.weightDecay();
        return switch (cfg.optimizer()) {
            case SGD -> Optimizer.sgd().setLearningRateTracker(t).optMomentum((float) cfg.momentum())
                    .optWeightDecays(wd).build();
            case ADAM -> Optimizer.adam().optLearningRateTracker(t).optWeightDecays(wd).build();
        };
    }

    /**
     * Clips the step's gradients (when configured), updates every trainable parameter and zeroes its gradient. Run
     * it outside the step's {@code NDScope}: the optimiser makes its state (momentum, Adam's moments) on first use,
     * and the scope would free it. The updates are fused native ops, in place.
     */
    static void apply(GraphModule net, Optimizer opt, TrainingConfig cfg) {
        if (cfg.clipNorm() > 0) {
            clip(net, cfg.clipNorm());
        }
        for (String p : net.trainable()) {
            NDArray w = net.array(p);
            try (NDArray g = w.getGradient()) {
                opt.update(p, w, g);
                g.subi(g);
            }
        }
    }

    /**
     * Scales every gradient by {@code min(1, max / ||g||)}, {@code ||g||} the L2 norm of all of them together:
     * one step's direction is kept, its length bounded. A deep network at batch statistics of a few values per
     * channel (mbv3's last stages run at 1×1 on 28×28 input) can take one huge step and never recover without it.
     */
    private static void clip(GraphModule net, double max) {
        try (NDScope scope = new NDScope()) {
            NDArray sq = null;
            List<NDArray> grads = new ArrayList<>();
            for (String p : net.trainable()) {
                NDArray g = net.array(p).getGradient();
                grads.add(g);
                NDArray s = g.square().sum();
                sq = sq == null ? s : sq.add(s);
            }
            if (sq == null) {
                return;
            }
            double norm = Math.sqrt(sq.getFloat());
            if (norm > max) {
                float f = (float) (max / norm);
                for (NDArray g : grads) {
                    g.muli(f);
                }
            }
        }
    }

}
