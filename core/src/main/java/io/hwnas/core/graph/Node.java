package io.hwnas.core.graph;

import java.util.List;
import java.util.Objects;

/**
 * One operator application. Inputs name graph inputs, initializers or other nodes' outputs; every node has one
 * output, named {@code output}. Optional ONNX inputs that are absent are simply left off the end of the list.
 */
public record Node(String name, Op op, List<String> inputs, String output, Attributes attributes) {

    public Node {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(op, "op");
        Objects.requireNonNull(output, "output");
        inputs = List.copyOf(inputs);
        attributes = attributes == null ? Attributes.NONE : attributes;
        if (inputs.size() < op.minInputs() || inputs.size() > op.maxInputs()) {
            throw new IllegalArgumentException(describe(name, op) + ": takes " + arity(op) + " inputs, but got "
                    + inputs.size());
        }
        for (String a : attributes.asMap().keySet()) {
            if (!op.attributes().contains(a)) {
                throw new IllegalArgumentException(describe(name, op) + ": unknown attribute '" + a + "'; known: "
                        + new java.util.TreeSet<>(op.attributes()));
            }
        }
    }

    /** How errors name a node: {@code node 'stage1/conv_3' (Conv)}. */
    public static String describe(String name, Op op) {
        return "node '" + name + "' (" + op.onnxName() + ")";
    }

    public String describe() {
        return describe(name, op);
    }

    private static String arity(Op op) {
        if (op.minInputs() == op.maxInputs()) {
            return Integer.toString(op.minInputs());
        }
        return op.maxInputs() == Integer.MAX_VALUE ? "at least " + op.minInputs()
                : op.minInputs() + " to " + op.maxInputs();
    }
}
