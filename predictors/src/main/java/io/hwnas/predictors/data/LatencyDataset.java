package io.hwnas.predictors.data;

import io.hwnas.core.measure.Sha256;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Latencies of architectures of one space on one device, from the measurement database or a published table.
 *
 * @param space   search space name
 * @param device  device id or table column
 * @param source  where the data came from, for provenance (a file and column, or a database and device)
 * @param records the rows, in source order
 * @param skipped rows of the source left out (empty or non-positive latency)
 */
public record LatencyDataset(String space, String device, String source, List<LatencyRecord> records, int skipped) {

    public LatencyDataset {
        Objects.requireNonNull(space, "space");
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(source, "source");
        records = List.copyOf(records);
        for (LatencyRecord r : records) {
            if (!r.architecture().space().equals(space)) {
                throw new IllegalArgumentException("record " + r.architecture() + " is not of space '" + space + "'");
            }
        }
        if (skipped < 0) {
            throw new IllegalArgumentException("skipped must be >= 0, but was " + skipped);
        }
    }

    public int size() {
        return records.size();
    }

    public LatencyDataset withRecords(List<LatencyRecord> subset, String what) {
        return new LatencyDataset(space, device, source + " " + what, subset, 0);
    }

    /** SHA-256 of the canonical strings and latencies in order: what a saved predictor was trained on. */
    public String sha256() {
        StringBuilder sb = new StringBuilder();
        for (LatencyRecord r : records) {
            sb.append(r.architecture().canonical()).append('\t').append(Double.toString(r.latencyMs())).append('\n');
        }
        return Sha256.of(sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** A seeded random split; {@code trainFraction} of the rows (at least one) train, the rest test. */
    public Split split(double trainFraction, long seed) {
        if (!(trainFraction > 0 && trainFraction < 1)) {
            throw new IllegalArgumentException("trainFraction must be in (0, 1), but was " + trainFraction);
        }
        List<LatencyRecord> shuffled = shuffled(seed);
        int nTrain = Math.max(1, Math.min(shuffled.size() - 1, (int) Math.round(trainFraction * shuffled.size())));
        return new Split(withRecords(shuffled.subList(0, nTrain), "train"),
                withRecords(shuffled.subList(nTrain, shuffled.size()), "test"));
    }

    /** {@code k} seeded folds: fold i tests on every k-th row of a shuffle, trains on the rest. */
    public List<Split> folds(int k, long seed) {
        if (k < 2 || k > records.size()) {
            throw new IllegalArgumentException("folds must be in [2, " + records.size() + "], but was " + k);
        }
        List<LatencyRecord> shuffled = shuffled(seed);
        List<Split> out = new ArrayList<>();
        for (int f = 0; f < k; f++) {
            List<LatencyRecord> train = new ArrayList<>();
            List<LatencyRecord> test = new ArrayList<>();
            for (int i = 0; i < shuffled.size(); i++) {
                (i % k == f ? test : train).add(shuffled.get(i));
            }
            out.add(new Split(withRecords(train, "fold " + f + " train"), withRecords(test, "fold " + f + " test")));
        }
        return out;
    }

    private List<LatencyRecord> shuffled(long seed) {
        List<LatencyRecord> s = new ArrayList<>(records);
        Collections.shuffle(s, new java.util.Random(new SplittableRandom(seed).nextLong()));
        return s;
    }

    public record Split(LatencyDataset train, LatencyDataset test) {}
}
