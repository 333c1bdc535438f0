package io.hwnas.training.oracle;

import io.hwnas.core.config.HwnasHome;
import io.hwnas.core.exec.EvaluationTask;
import io.hwnas.core.graph.Graph;
import io.hwnas.core.space.Architecture;
import io.hwnas.core.space.SearchSpace;
import io.hwnas.core.space.SearchSpaces;
import io.hwnas.core.train.TrainingConfig;
import io.hwnas.training.data.Datasets;
import io.hwnas.training.data.ImageDataset;
import io.hwnas.training.djl.DjlEngine;
import io.hwnas.training.djl.DjlTrainer;
import java.util.Map;
import java.util.Objects;

/**
 * One candidate's training as a task that runs wherever its executor puts it (a Spark executor on another
 * machine): everything that fixes the answer travels by name and value, and the rest is rebuilt there. The space
 * comes from the {@link SearchSpaces} on the class path, the data set from the jar ({@link Datasets}), PyTorch from
 * the {@code pytorch-native-cpu} jar on the class path (unpacked once per machine into {@code DJL_CACHE_DIR}, by
 * default {@code $HWNAS_HOME/djl}), started with {@code threads} intra-op threads. Nothing is read from or written
 * to a database: the result and the weights come back to the search, which saves them
 * ({@link TrainingService#accept}).
 *
 * <p>The seed is the search's training seed, the same for every candidate (it fixes the split, so that candidates
 * are compared on the same images, and each network's initial weights and image order); with the thread count it is
 * all that makes two trainings of one architecture equal, wherever and whenever they ran.
 *
 * @param space       the space's name ({@code nb201}), its graph built for the data set's input and classes
 * @param key         the architecture's canonical string
 * @param dataset     a shipped data set ({@code mnist}, {@code digits})
 * @param config      the budget, optimiser and schedule
 * @param seed        split, initial weights and image order
 * @param threads     PyTorch's intra-op threads (fixed once per process: the first task on an executor sets them)
 * @param keepWeights whether the trained weights come back
 */
public record TrainingTask(String space, String key, String dataset, TrainingConfig config, long seed, int threads,
        boolean keepWeights) implements EvaluationTask<TrainedCandidate> {

    private static final long serialVersionUID = 1L;

    public TrainingTask {
        Objects.requireNonNull(space, "space");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(dataset, "dataset");
        Objects.requireNonNull(config, "config");
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, but was " + threads);
        }
    }

    @Override
    public TrainedCandidate run() {
        SearchSpace s = SearchSpaces.discover(TrainingTask.class.getClassLoader()).get(space);
        ImageDataset d = Datasets.get(dataset);
        DjlEngine engine = DjlEngine.start(HwnasHome.fromEnvironment().dir(), threads);
        Architecture a = s.decode(key);
        Graph g = TrainingService.graph(s, d, a);
        DjlTrainer.Outcome o = new DjlTrainer(engine).train(g, d, TrainingService.split(d, seed), config, seed, false,
                DjlTrainer.Listener.NONE);
        var r = o.result();
        if (engine.threads() != threads) {
            // this process's PyTorch was started with another count: the answer may differ from a run at `threads`
            r = r.withProvenance(Map.of("task_threads", Integer.toString(threads)));
        }
        return new TrainedCandidate(r, keepWeights && o.weights() != null ? TrainingService.flat(g, o.weights())
                : null);
    }
}
