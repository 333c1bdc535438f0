package io.hwnas.training.data;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A fixed train / validation / test split of a dataset's image indices, drawn from a seed: the images are shuffled
 * with the seed (Fisher–Yates on a {@link SplittableRandom}) and cut in order. The same seed gives the same split on
 * every machine. Validation accuracy is what a search optimises; the test split is kept for the final front.
 *
 * <pre>{@code
 * DataSplit s = DataSplit.of(10_000, 0.8, 0.1, 7);   // 8,000 / 1,000 / 1,000
 * }</pre>
 */
public record DataSplit(int[] train, int[] validation, int[] test) {

    public DataSplit {
        train = train.clone();
        validation = validation.clone();
        test = test.clone();
    }

    /**
     * @param trainFraction      share of images for training, in (0, 1)
     * @param validationFraction share for validation, in (0, 1); the rest is the test split (may be empty)
     */
    public static DataSplit of(int size, double trainFraction, double validationFraction, long seed) {
        if (!(trainFraction > 0 && validationFraction > 0 && trainFraction + validationFraction <= 1 + 1e-12)) {
            throw new IllegalArgumentException("fractions must be > 0 and sum to at most 1, but were train "
                    + trainFraction + " and validation " + validationFraction);
        }
        int[] idx = new int[size];
        for (int i = 0; i < size; i++) {
            idx[i] = i;
        }
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = size - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = idx[i];
            idx[i] = idx[j];
            idx[j] = t;
        }
        int nTrain = (int) Math.round(size * trainFraction);
        int nVal = Math.min(size - nTrain, (int) Math.round(size * validationFraction));
        if (nTrain < 1 || nVal < 1) {
            throw new IllegalArgumentException("a split of " + size + " images leaves " + nTrain + " to train and "
                    + nVal + " to validate; both must be > 0");
        }
        return new DataSplit(Arrays.copyOfRange(idx, 0, nTrain), Arrays.copyOfRange(idx, nTrain, nTrain + nVal),
                Arrays.copyOfRange(idx, nTrain + nVal, size));
    }

    @Override
    public int[] train() {
        return train.clone();
    }

    @Override
    public int[] validation() {
        return validation.clone();
    }

    @Override
    public int[] test() {
        return test.clone();
    }
}
