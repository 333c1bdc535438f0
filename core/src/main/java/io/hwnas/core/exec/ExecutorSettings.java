package io.hwnas.core.exec;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * How to start an executor. Every executor reads the fields it understands and ignores the rest.
 *
 * @param workers     tasks at once on this machine ({@code local}); at least 1
 * @param master      where a cluster executor runs: Spark's master URL ({@code local[2]}, {@code spark://host:7077},
 *                    {@code k8s://https://host:443}), or null for its default (what {@code spark-submit} set, else
 *                    {@code local[2]})
 * @param cpusPerTask cores one task uses (PyTorch's threads in a training): Spark's {@code spark.task.cpus}
 * @param maxFailures attempts of a task before it fails for good: Spark's {@code spark.task.maxFailures}
 * @param conf        further settings passed to the executor as they are ({@code spark.executor.memory=8g})
 */
public record ExecutorSettings(int workers, String master, int cpusPerTask, int maxFailures,
        Map<String, String> conf) {

    public ExecutorSettings {
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be >= 1, but was " + workers);
        }
        if (cpusPerTask < 1) {
            throw new IllegalArgumentException("cpusPerTask must be >= 1, but was " + cpusPerTask);
        }
        if (maxFailures < 1) {
            throw new IllegalArgumentException("maxFailures must be >= 1, but was " + maxFailures);
        }
        conf = java.util.Collections.unmodifiableMap(new TreeMap<>(Objects.requireNonNull(conf, "conf")));
    }

    /** A local pool of {@code workers}, one core a task, one attempt. */
    public static ExecutorSettings local(int workers) {
        return new ExecutorSettings(workers, null, 1, 1, Map.of());
    }
}
