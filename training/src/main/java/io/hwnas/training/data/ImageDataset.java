package io.hwnas.training.data;

import java.util.Objects;

/**
 * A labelled image dataset held in memory: {@code size} images of {@code channels × height × width} floats, already
 * scaled to [0, 1], in one row-major array, and one label in {@code [0, classes)} per image.
 *
 * @param name   how the CLI names it ({@code mnist}, {@code digits})
 * @param source where it came from, for provenance
 */
public record ImageDataset(String name, String source, int channels, int height, int width, int classes,
        float[] pixels, int[] labels) {

    public ImageDataset {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(source, "source");
        if (channels < 1 || height < 1 || width < 1 || classes < 2) {
            throw new IllegalArgumentException(name + ": channels, height, width must be > 0 and classes > 1, but were "
                    + channels + ", " + height + ", " + width + ", " + classes);
        }
        if (pixels.length != (long) labels.length * channels * height * width) {
            throw new IllegalArgumentException(name + ": " + pixels.length + " pixel values for " + labels.length
                    + " images of " + channels + "x" + height + "x" + width);
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classes) {
                throw new IllegalArgumentException(name + ": label of image " + i + " is " + labels[i]
                        + ", outside [0, " + classes + ")");
            }
        }
    }

    public int size() {
        return labels.length;
    }

    /** Values per image. */
    public int imageSize() {
        return channels * height * width;
    }
}
