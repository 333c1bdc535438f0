package io.hwnas.core.graph;

/**
 * A handle on a value made by a {@link GraphBuilder}: a graph input, an initializer or a node's output. It remembers
 * its builder so that a value from another graph is refused instead of silently wiring two graphs together.
 */
public record Value(String name, TensorType type, Object owner) {

    public Shape shape() {
        return type.shape();
    }

    public int dim(int i) {
        return type.shape().dim(i);
    }

    @Override
    public String toString() {
        return name + ":" + type;
    }
}
