package io.hwnas.cluster.spark;

import io.hwnas.core.exec.EvaluationExecutor;
import io.hwnas.core.exec.ExecutorProvider;
import io.hwnas.core.exec.ExecutorSettings;

/** {@code --executor spark}: found with {@link java.util.ServiceLoader} when hwnas-cluster is on the class path. */
public final class SparkExecutorProvider implements ExecutorProvider {

    @Override
    public String name() {
        return SparkExecutor.NAME;
    }

    @Override
    public EvaluationExecutor open(ExecutorSettings settings) {
        return SparkExecutor.start(settings);
    }
}
