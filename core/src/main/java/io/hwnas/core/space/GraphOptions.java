package io.hwnas.core.space;

/**
 * What {@link SearchSpace#buildGraph(Architecture, GraphOptions)} may change about the network around the searched
 * part: the input's channels and spatial size, and the number of classes. A field of {@link #SPACE_DEFAULT} keeps
 * the space's own default (nb201: 3×32×32, 10 classes; mbv3: 3 channels at the architecture's resolution, 1000
 * classes).
 *
 * <pre>{@code
 * Graph mnist = nb201.buildGraph(arch, GraphOptions.DEFAULTS.inputChannels(1).inputSize(28));
 * }</pre>
 */
public record GraphOptions(int inputChannels, int inputSize, int classes) {

    /** Keep the space's default for this field. */
    public static final int SPACE_DEFAULT = 0;

    /** Every field at the space's default. */
    public static final GraphOptions DEFAULTS = new GraphOptions(SPACE_DEFAULT, SPACE_DEFAULT, SPACE_DEFAULT);

    public GraphOptions {
        check("inputChannels", inputChannels);
        check("inputSize", inputSize);
        check("classes", classes);
    }

    private static void check(String field, int value) {
        if (value < 0) {
            throw new IllegalArgumentException(field + " must be > 0 (or SPACE_DEFAULT, 0), but was " + value);
        }
    }

    public GraphOptions inputChannels(int c) {
        return new GraphOptions(c, inputSize, classes);
    }

    public GraphOptions inputSize(int s) {
        return new GraphOptions(inputChannels, s, classes);
    }

    public GraphOptions classes(int n) {
        return new GraphOptions(inputChannels, inputSize, n);
    }

    public int inputChannelsOr(int spaceDefault) {
        return inputChannels == SPACE_DEFAULT ? spaceDefault : inputChannels;
    }

    public int inputSizeOr(int spaceDefault) {
        return inputSize == SPACE_DEFAULT ? spaceDefault : inputSize;
    }

    public int classesOr(int spaceDefault) {
        return classes == SPACE_DEFAULT ? spaceDefault : classes;
    }
}
