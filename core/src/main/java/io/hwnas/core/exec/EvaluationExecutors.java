package io.hwnas.core.exec;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * The executors by name: the built-in {@code local} and every {@link ExecutorProvider} found with
 * {@link ServiceLoader}. An instance, not a global.
 *
 * <pre>{@code
 * EvaluationExecutors all = EvaluationExecutors.discover(Thread.currentThread().getContextClassLoader());
 * all.names();                                          // [local, spark] in a build with hwnas-cluster
 * EvaluationExecutor e = all.open("spark", settings);   // a Spark context; close it
 * }</pre>
 */
public final class EvaluationExecutors {

    private final Map<String, ExecutorProvider> providers;

    private EvaluationExecutors(Map<String, ExecutorProvider> providers) {
        this.providers = Collections.unmodifiableMap(providers);
    }

    /** Only the built-in {@code local}, without looking for plugins. */
    public static EvaluationExecutors builtIn() {
        return of(List.of(LOCAL));
    }

    /** The built-in {@code local} and the providers {@code loader} finds. */
    public static EvaluationExecutors discover(ClassLoader loader) {
        List<ExecutorProvider> all = new ArrayList<>();
        all.add(LOCAL);
        ServiceLoader.load(ExecutorProvider.class, loader).forEach(all::add);
        return of(all);
    }

    /**
     * Exactly these providers.
     *
     * @throws IllegalArgumentException when two providers share a name, naming both classes
     */
    public static EvaluationExecutors of(List<? extends ExecutorProvider> providers) {
        Map<String, ExecutorProvider> m = new TreeMap<>();
        for (ExecutorProvider p : providers) {
            Objects.requireNonNull(p, "provider");
            ExecutorProvider previous = m.putIfAbsent(p.name(), p);
            if (previous != null) {
                throw new IllegalArgumentException("evaluation executor '" + p.name() + "' is provided by both "
                        + previous.getClass().getName() + " and " + p.getClass().getName());
            }
        }
        return new EvaluationExecutors(m);
    }

    public List<String> names() {
        return List.copyOf(providers.keySet());
    }

    public boolean has(String name) {
        return providers.containsKey(name);
    }

    /** @throws IllegalArgumentException naming the known executors when {@code name} is not one */
    public EvaluationExecutor open(String name, ExecutorSettings settings) {
        ExecutorProvider p = providers.get(name);
        if (p == null) {
            throw new IllegalArgumentException("no evaluation executor '" + name + "'; known: " + names());
        }
        return p.open(settings);
    }

    private static final ExecutorProvider LOCAL = new ExecutorProvider() {
        @Override
        public String name() {
            return LocalExecutor.NAME;
        }

        @Override
        public EvaluationExecutor open(ExecutorSettings settings) {
            return new LocalExecutor(settings);
        }
    };
}
