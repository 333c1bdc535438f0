package io.hwnas.training.oracle;

import io.hwnas.core.search.AccuracyOracle;
import io.hwnas.core.search.CandidateFailedException;
import io.hwnas.core.space.Architecture;
import io.hwnas.core.train.TrainingResult;
import io.hwnas.training.djl.DjlTrainer;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * Accuracy by training: {@code train:mnist} or {@code train:digits}. Each candidate is trained with the search's
 * budget and seed (once: the training database answers a repeat) and its validation accuracy, in %, is what the
 * search maximises. A training that fails (out of memory, a native error, a loss gone NaN) makes the candidate
 * fail with the reason ({@link CandidateFailedException}); the search goes on without it. The test split is scored
 * only for the final front ({@link #heldOut}).
 */
public final class TrainingOracle implements AccuracyOracle {

    /** Told of every candidate trained (not of answers from the database). */
    public interface Listener {
        void trained(Architecture a, TrainingResult r);

        void step(Architecture a, int done, int total);
    }

    private final TrainingService service;
    private final Listener listener;

    public TrainingOracle(TrainingService service, Listener listener) {
        this.service = Objects.requireNonNull(service, "service");
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    public TrainingService service() {
        return service;
    }

    @Override
    public String name() {
        return "train:" + service.data().name();
    }

    @Override
    public String source() {
        return "validation accuracy after training with DJL " + service.trainer().engine().djlVersion()
                + " (PyTorch " + service.trainer().engine().version() + ") on " + service.data().name() + " ("
                + service.split().train().length + " train / " + service.split().validation().length
                + " validation / " + service.split().test().length + " test images, split by seed " + service.seed()
                + "), " + service.config().budget() + ": " + service.config().key();
    }

    @Override
    public double accuracy(Architecture a) {
        TrainingService.Trained t = service.train(a, (d, n) -> listener.step(a, d, n));
        if (!t.cached()) {
            listener.trained(a, t.result());
        }
        if (t.result().failed()) {
            throw new CandidateFailedException(a.canonical(), "training failed: " + t.result().failure(), null);
        }
        return 100 * t.result().validationAccuracy();
    }

    @Override
    public OptionalDouble heldOut(Architecture a) {
        TrainingService.Trained t = service.train(a, true, (d, n) -> listener.step(a, d, n));
        return t.result().hasTestAccuracy() ? OptionalDouble.of(100 * t.result().testAccuracy())
                : OptionalDouble.empty();
    }
}
