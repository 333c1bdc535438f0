package io.hwnas.training.djl;

import java.util.List;
import java.util.Objects;

/**
 * What every output of a trained network said of some images: per output (in the graph's order, an early-exit
 * network's exits first and its own classifier last) and image, the largest softmax probability (the confidence)
 * and the class predicted; and each image's label.
 *
 * @param confidence {@code [output][image]}
 * @param predicted  {@code [output][image]}
 */
public record HeadOutputs(List<String> outputs, float[][] confidence, int[][] predicted, int[] labels) {

    public HeadOutputs {
        outputs = List.copyOf(Objects.requireNonNull(outputs, "outputs"));
        if (confidence.length != outputs.size() || predicted.length != outputs.size()) {
            throw new IllegalArgumentException(outputs.size() + " outputs, but " + confidence.length
                    + " rows of confidence and " + predicted.length + " of predictions");
        }
        for (int o = 0; o < outputs.size(); o++) {
            if (confidence[o].length != labels.length || predicted[o].length != labels.length) {
                throw new IllegalArgumentException("output " + outputs.get(o) + " has " + confidence[o].length
                        + " confidences and " + predicted[o].length + " predictions for " + labels.length
                        + " images");
            }
        }
    }

    public int images() {
        return labels.length;
    }

    public boolean correct(int output, int image) {
        return predicted[output][image] == labels[image];
    }

    /** The accuracy of one output on every image, as a fraction. */
    public double accuracy(int output) {
        int c = 0;
        for (int i = 0; i < labels.length; i++) {
            c += correct(output, i) ? 1 : 0;
        }
        return labels.length == 0 ? Double.NaN : c / (double) labels.length;
    }
}
