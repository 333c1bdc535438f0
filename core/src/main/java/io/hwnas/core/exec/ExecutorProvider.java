package io.hwnas.core.exec;

/**
 * A kind of {@link EvaluationExecutor}, found with {@link java.util.ServiceLoader} (a jar that lists it in
 * {@code META-INF/services/io.hwnas.core.exec.ExecutorProvider}), as {@code hwnas-cluster} provides {@code spark}.
 */
public interface ExecutorProvider {

    /** The name {@code --executor} takes. */
    String name();

    /** Starts one executor (a Spark context); the caller closes it. */
    EvaluationExecutor open(ExecutorSettings settings);
}
