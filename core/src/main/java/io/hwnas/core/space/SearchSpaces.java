package io.hwnas.core.space;

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
 * An immutable set of search spaces by name: the built-ins ({@code nb201}, {@code mbv3}, {@code transformer}, and
 * the early-exit {@code nb201-ee} and {@code mbv3-ee}) and any found with
 * {@link ServiceLoader}. An instance, not a global, so a test or a plugin host can hold its own.
 *
 * <pre>{@code
 * SearchSpaces spaces = SearchSpaces.discover(Thread.currentThread().getContextClassLoader());
 * Architecture a = spaces.get("nb201").decode("|nor_conv_3x3~0|+|none~0|none~1|+|skip_connect~0|none~1|none~2|");
 * }</pre>
 */
public final class SearchSpaces {

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]*");

    private final Map<String, SearchSpace> spaces;

    private SearchSpaces(Map<String, SearchSpace> spaces) {
        this.spaces = Collections.unmodifiableMap(spaces);
    }

    /** The spaces that ship with hwnas, without looking for plugins. */
    public static SearchSpaces builtIn() {
        return of(builtIns());
    }

    private static List<SearchSpace> builtIns() {
        return List.of(new Nb201Space(), new Mbv3Space(), new TransformerSpace(), EarlyExitSpace.nb201(),
                EarlyExitSpace.mbv3(), TransformerSpace.tiny());
    }

    /**
     * The built-ins and every {@code META-INF/services/io.hwnas.core.space.SearchSpace} provider visible to
     * {@code loader}. A provider of a built-in's class is the built-in itself and is not counted twice.
     *
     * @throws IllegalArgumentException when two different classes provide one name, naming both
     * @throws java.util.ServiceConfigurationError when a listed provider cannot be loaded or made
     */
    public static SearchSpaces discover(ClassLoader loader) {
        List<SearchSpace> all = new ArrayList<>(builtIns());
        Set<Class<?>> builtInClasses = Set.of(Nb201Space.class, Mbv3Space.class, TransformerSpace.class);
        for (SearchSpace s : ServiceLoader.load(SearchSpace.class, loader)) {
            if (!builtInClasses.contains(s.getClass())) {
                all.add(s);
            }
        }
        return of(all);
    }

    /**
     * Exactly these spaces.
     *
     * @throws IllegalArgumentException for a malformed name, or two spaces of one name (naming both classes)
     */
    public static SearchSpaces of(Collection<? extends SearchSpace> spaces) {
        Map<String, SearchSpace> m = new TreeMap<>();
        for (SearchSpace s : spaces) {
            Objects.requireNonNull(s, "search space");
            String name = s.name();
            if (name == null || !NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("search space name of " + s.getClass().getName()
                        + " must match " + NAME + ", but was '" + name + "'");
            }
            SearchSpace previous = m.putIfAbsent(name, s);
            if (previous != null) {
                throw new IllegalArgumentException("search space '" + name + "' is provided by both "
                        + previous.getClass().getName() + " and " + s.getClass().getName());
            }
        }
        return new SearchSpaces(m);
    }

    /**
     * The space called {@code name}.
     *
     * @throws IllegalArgumentException {@code No search space 'foo'; known: [mbv3, mbv3-ee, nb201, nb201-ee, transformer, transformer-tiny]}
     */
    public SearchSpace get(String name) {
        return find(name).orElseThrow(() -> new IllegalArgumentException("No search space '" + name + "'; known: "
                + names()));
    }

    public Optional<SearchSpace> find(String name) {
        return Optional.ofNullable(spaces.get(name));
    }

    /** The names, sorted. */
    public Set<String> names() {
        return spaces.keySet();
    }

    /** The spaces, sorted by name. */
    public Collection<SearchSpace> all() {
        return spaces.values();
    }

    /** {@code get(space).decode(text)}: the way to turn a stored row back into an architecture. */
    public Architecture decode(String space, String text) {
        return get(space).decode(text);
    }

    @Override
    public String toString() {
        return "SearchSpaces" + names();
    }
}
