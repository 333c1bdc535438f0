package io.hwnas.predictors.registry;

import io.hwnas.predictors.analytic.FlopsProvider;
import io.hwnas.predictors.analytic.RooflineProvider;
import io.hwnas.predictors.lut.LutProvider;
import io.hwnas.predictors.spi.PredictorContext;
import io.hwnas.predictors.spi.PredictorProvider;
import io.hwnas.predictors.spi.PredictorTrainer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * An immutable set of latency predictor plugins by name: the built-ins ({@code flops}, {@code lut},
 * {@code roofline}) and whatever {@link ServiceLoader} finds. An instance, not a global, so a test or a plugin host
 * can hold its own.
 *
 * <pre>{@code
 * PredictorRegistry predictors = PredictorRegistry.discover(Thread.currentThread().getContextClassLoader());
 * PredictorTrainer t = predictors.trainer("roofline:peak=100,bw=20", PredictorContext.of(space, 1, home));
 * LatencyPredictor p = t.train(dataset);
 * }</pre>
 */
public final class PredictorRegistry {

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]*");

    private final Map<String, PredictorProvider> providers;

    private PredictorRegistry(Map<String, PredictorProvider> providers) {
        this.providers = Collections.unmodifiableMap(providers);
    }

    /** Only the plugins that ship in this module, without looking for others. */
    public static PredictorRegistry builtIns() {
        return of(builtInProviders());
    }

    private static List<PredictorProvider> builtInProviders() {
        return List.of(new FlopsProvider(), new LutProvider(), new RooflineProvider());
    }

    /**
     * The built-ins and every {@code META-INF/services/io.hwnas.predictors.spi.PredictorProvider} visible to
     * {@code loader}. A listed provider of a built-in's class is the built-in itself and is not counted twice.
     *
     * @throws IllegalArgumentException when two different classes provide one name, naming both
     * @throws java.util.ServiceConfigurationError when a listed provider cannot be loaded or made
     */
    public static PredictorRegistry discover(ClassLoader loader) {
        List<PredictorProvider> all = new ArrayList<>(builtInProviders());
        Set<Class<?>> builtInClasses = Set.of(FlopsProvider.class, LutProvider.class, RooflineProvider.class);
        for (PredictorProvider p : ServiceLoader.load(PredictorProvider.class, loader)) {
            if (!builtInClasses.contains(p.getClass())) {
                all.add(p);
            }
        }
        return of(all);
    }

    /**
     * Exactly these providers.
     *
     * @throws IllegalArgumentException for a malformed name, or two providers of one name (naming both classes)
     */
    public static PredictorRegistry of(Collection<? extends PredictorProvider> providers) {
        Objects.requireNonNull(providers, "providers");
        Map<String, PredictorProvider> m = new TreeMap<>();
        for (PredictorProvider p : providers) {
            Objects.requireNonNull(p, "predictor provider");
            String name = p.name();
            if (name == null || !NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("predictor name of " + p.getClass().getName() + " must match "
                        + NAME + ", but was '" + name + "'");
            }
            PredictorProvider previous = m.putIfAbsent(name, p);
            if (previous != null) {
                throw new IllegalArgumentException("predictor '" + name + "' is provided by both "
                        + previous.getClass().getName() + " and " + p.getClass().getName());
            }
        }
        return new PredictorRegistry(m);
    }

    /** Splits {@code NAME[:options]} at the first colon; see {@link PredictorSpec#parse}. */
    public static PredictorSpec parse(String spec) {
        return PredictorSpec.parse(spec);
    }

    /**
     * The provider called {@code name}.
     *
     * @throws IllegalArgumentException {@code No predictor 'x'; known: [flops, lut, roofline]}
     */
    public PredictorProvider get(String name) {
        return find(name).orElseThrow(() -> new IllegalArgumentException("No predictor '" + name + "'; known: "
                + names()));
    }

    public Optional<PredictorProvider> find(String name) {
        return Optional.ofNullable(providers.get(name));
    }

    /** A trainer for {@code NAME[:options]}: {@code get(name).trainer(options, context)}. */
    public PredictorTrainer trainer(String spec, PredictorContext context) {
        PredictorSpec s = parse(spec);
        return get(s.name()).trainer(s.options(), Objects.requireNonNull(context, "context"));
    }

    /** The names, sorted. */
    public Set<String> names() {
        return providers.keySet();
    }

    /** The providers, sorted by name. */
    public Collection<PredictorProvider> providers() {
        return providers.values();
    }

    @Override
    public String toString() {
        return "PredictorRegistry" + names();
    }
}
