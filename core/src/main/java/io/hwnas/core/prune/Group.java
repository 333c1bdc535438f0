package io.hwnas.core.prune;

import java.util.List;
import java.util.Objects;

/**
 * A part of a network that pruning shrinks as one (an mbv3 block, a transformer layer, the feed-forward width), and
 * the states it can take: state 0 is the parent's, each later state smaller (fewer channels, then gone).
 *
 * @param name   how reports name it: {@code stage2/block3}, {@code layer 1}, {@code ffn}
 * @param states how reports name each state: {@code e6}, {@code e4}, {@code dropped}
 */
public record Group(String name, List<String> states) {

    public Group {
        Objects.requireNonNull(name, "name");
        states = List.copyOf(states);
        if (states.size() < 2) {
            throw new IllegalArgumentException("group " + name + " has nothing to prune: states " + states);
        }
    }
}
