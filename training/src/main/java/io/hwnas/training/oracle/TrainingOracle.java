package io.hwnas.training.oracle;

import io.hwnas.core.exec.EvaluationExecutor;
import io.hwnas.core.exec.TaskOutcome;
import io.hwnas.core.search.AccuracyOracle;
import io.hwnas.core.search.HigherFidelity;
import io.hwnas.core.search.CandidateFailedException;
import io.hwnas.core.space.Architecture;
import io.hwnas.core.train.TrainingKey;
import io.hwnas.core.train.TrainingResult;
import io.hwnas.training.djl.DjlTrainer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * Accuracy by training: {@code train:mnist} or {@code train:digits}. Each candidate is trained with the search's
 * budget and seed (once: the training database answers a repeat) and its validation accuracy, in %, is what the
 * search maximises. A training that fails (out of memory, a native error, a loss gone NaN) makes the candidate
 * fail with the reason ({@link CandidateFailedException}); the search goes on without it. The test split is scored
 * only for the final front ({@link #heldOut}). With a promotion budget, the final front's members are trained again
 * for longer and the search finds its front again with those accuracies (successive halving in two rungs: the
 * short training for every candidate, the long one for the best).
 *
 * <p>Trainings run on the search's executor, a generation at a time ({@link #prefetch}): each is a
 * {@link TrainingTask} that rebuilds the network where it runs and brings back the result and the weights, which
 * are saved here, so the training database stays with the search. A task that fails for good (its executor lost
 * after every retry) fails its candidate with the reason; it is not saved, so a later search tries it again.
 */
public final class TrainingOracle implements AccuracyOracle {

    /** Told of every candidate trained (not of answers from the database). */
    public interface Listener {
        void trained(Architecture a, TrainingResult r);

        void step(Architecture a, int done, int total);
    }

    private final TrainingService service;
    private final TrainingService promotion;
    private final Listener listener;
    /** Candidates whose training task failed for good in this process, with the reason, by service. */
    private final Map<TrainingService, Map<TrainingKey, String>> lost = new LinkedHashMap<>();

    public TrainingOracle(TrainingService service, Listener listener) {
        this(service, null, listener);
    }

    /**
     * @param promotion the longer training that the final front is promoted to (successive halving in two rungs),
     *                  or null for none
     */
    public TrainingOracle(TrainingService service, TrainingService promotion, Listener listener) {
        this.service = Objects.requireNonNull(service, "service");
        this.promotion = promotion;
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
                + "), " + service.config().budget() + ": " + service.config().key()
                + (promotion == null ? "" : "; the final front promoted to " + promotion.config().budget());
    }

    @Override
    public double accuracy(Architecture a) {
        return accuracy(service, a);
    }

    private double accuracy(TrainingService s, Architecture a) {
        String why = lost.getOrDefault(s, Map.of()).get(s.key(a));
        if (why != null) {
            throw new CandidateFailedException(a.canonical(), why, null);
        }
        TrainingService.Trained t = s.train(a, (d, n) -> listener.step(a, d, n));
        if (!t.cached()) {
            listener.trained(a, t.result());
        }
        if (t.result().failed()) {
            throw new CandidateFailedException(a.canonical(), "training failed: " + t.result().failure(), null);
        }
        return 100 * t.result().validationAccuracy();
    }

    @Override
    public void prefetch(List<Architecture> batch, EvaluationExecutor executor) {
        run(service, batch, executor);
    }


    /** Trains on {@code executor} those of {@code batch} the database lacks, and saves what comes back. */
    private void run(TrainingService s, List<Architecture> batch, EvaluationExecutor executor) {
        Map<TrainingKey, String> failed = lost.computeIfAbsent(s, k -> new LinkedHashMap<>());
        List<Architecture> todo = new ArrayList<>();
        List<TrainingTask> tasks = new ArrayList<>();
        // Architectures of one network (an early-exit network's thresholds apart) are one training, sent once.
        Set<TrainingKey> sent = new HashSet<>();
        for (Architecture a : batch) {
            TrainingKey key = s.key(a);
            if (!failed.containsKey(key) && sent.add(key) && s.stored(a).isEmpty()) {
                todo.add(a);
                tasks.add(s.task(a));
            }
        }
        if (tasks.isEmpty()) {
            return;
        }
        List<TaskOutcome<TrainedCandidate>> out = executor.run(tasks);
        for (int i = 0; i < todo.size(); i++) {
            Architecture a = todo.get(i);
            TaskOutcome<TrainedCandidate> o = out.get(i);
            if (!o.succeeded()) {
                failed.put(s.key(a), "training task failed on " + executor.name() + " after " + o.attempts()
                        + (o.attempts() == 1 ? " attempt" : " attempts") + " (last on " + o.ranOn() + "): "
                        + o.failure());
                continue;
            }
            Map<String, String> where = new LinkedHashMap<>();
            where.put("executor", executor.description());
            where.put("ran_on", o.ranOn());
            where.put("attempts", Integer.toString(o.attempts()));
            TrainingService.Trained t = s.accept(a, o.result(), where);
            listener.trained(a, t.result());
        }
    }

    /** The longer training of the final front, when there is one ({@code --final-epochs}). */
    @Override
    public Optional<HigherFidelity> higherFidelity() {
        if (promotion == null) {
            return Optional.empty();
        }
        return Optional.of(new HigherFidelity() {
            @Override
            public double accuracy(Architecture a) {
                return TrainingOracle.this.accuracy(promotion, a);
            }

            @Override
            public void prefetch(List<Architecture> batch, EvaluationExecutor executor) {
                run(promotion, batch, executor);
            }
        });
    }

    /** The test accuracy of the training whose accuracy the front reports: the promoted one when promoting. */
    @Override
    public OptionalDouble heldOut(Architecture a) {
        TrainingService s = promotion != null ? promotion : service;
        TrainingService.Trained t = s.train(a, true, (d, n) -> listener.step(a, d, n));
        return t.result().hasTestAccuracy() ? OptionalDouble.of(100 * t.result().testAccuracy())
                : OptionalDouble.empty();
    }

    /** Where the weights of {@code a}'s reported accuracy are: the promoted training's when promoting. */
    public TrainingService reported() {
        return promotion != null ? promotion : service;
    }
}
