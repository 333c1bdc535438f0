package io.hwnas.core.space;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;

/**
 * A named decision of a search space and its choices, in genome order: {@code node2<-1} of {@code nb201} chooses one
 * of five operations, {@code kernel3.2} of {@code mbv3} one of {@code 3, 5, 7}. Reports use the names; encoders use
 * {@code choices().size()} as the width of a one-hot block.
 */
public record Dimension(String name, List<String> choices) {

    public Dimension {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("dimension name must not be blank, but was '" + name + "'");
        }
        choices = List.copyOf(Objects.requireNonNull(choices, "choices"));
        if (choices.isEmpty()) {
            throw new IllegalArgumentException("dimension '" + name + "' must have at least one choice");
        }
        if (new HashSet<>(choices).size() != choices.size()) {
            throw new IllegalArgumentException("dimension '" + name + "' has repeated choices: " + choices);
        }
    }

    public int size() {
        return choices.size();
    }

    /** The index of {@code choice}, or -1 when it is not one of the choices. */
    public int indexOf(String choice) {
        return choices.indexOf(choice);
    }
}
