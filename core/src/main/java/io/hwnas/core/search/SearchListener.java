package io.hwnas.core.search;

/** What a running search tells its caller (a progress bar, a log). Every method may be left as the no-op. */
public interface SearchListener {

    SearchListener NONE = new SearchListener() {};

    /** A generation ended: {@code evaluations} of {@code target} done. */
    default void generation(GenerationStats stats, int target) {}

    /** Real measurements are about to be taken on {@code device}. */
    default void measuring(String device, int count, String why) {}

    /** A line worth showing. */
    default void message(String line) {}
}
