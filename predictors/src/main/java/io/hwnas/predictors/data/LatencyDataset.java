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
 * @param skipped  rows of the source left out
 * @param setAside why they were left out, a reason a group (empty when the source does not say)
 */
public record LatencyDataset(String space, String device, String source, List<LatencyRecord> records, int skipped,
        List<SetAside> setAside) {

    /** A dataset whose left-out rows have no stated reason. */
    public LatencyDataset(String space, String device, String source, List<LatencyRecord> records, int skipped) {
        this(space, device, source, records, skipped, List.of());
    }

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
        setAside = List.copyOf(setAside);
        int reasoned = setAside.stream().mapToInt(SetAside::rows).sum();
        if (!setAside.isEmpty() && reasoned != skipped) {
            throw new IllegalArgumentException("setAside accounts for " + reasoned + " rows, but skipped is "
                    + skipped);
        }
    }

    /**
     * Rows of the source left out for one reason.
     *
     * @param reason what the rows have, following their count: "with no latency"
     * @param rows   how many
     * @param lines  the first few of their lines in the source ({@link #LINES_SHOWN} at most), or none when the
     *               source has no lines (a database)
     */
    public record SetAside(String reason, int rows, List<Integer> lines) {

        /** How many lines a reason keeps. */
        public static final int LINES_SHOWN = 5;

        public SetAside {
            Objects.requireNonNull(reason, "reason");
            lines = List.copyOf(lines);
            if (rows < 1 || lines.size() > Math.min(rows, LINES_SHOWN)) {
                throw new IllegalArgumentException("a reason needs rows >= 1 and at most min(rows, " + LINES_SHOWN
                        + ") lines, but had " + rows + " rows and " + lines.size() + " lines");
            }
        }

        /** "2 rows with no latency (lines 4, 9)". */
        public String describe() {
            StringBuilder b = new StringBuilder().append(rows).append(rows == 1 ? " row " : " rows ").append(reason);
            if (!lines.isEmpty()) {
                b.append(lines.size() == 1 && rows == 1 ? " (line " : " (lines ");
                for (int i = 0; i < lines.size(); i++) {
                    b.append(i == 0 ? "" : ", ").append(lines.get(i));
                }
                b.append(rows > lines.size() ? ", ...)" : ")");
            }
            return b.toString();
        }
    }

    /**
     * The rows left out and why, in one line: "3 rows set aside: 2 rows with no latency (lines 4, 9); 1 row with
     * a zero or negative latency (line 7)"; empty when none was.
     */
    public String setAsideText() {
        if (skipped == 0) {
            return "";
        }
        StringBuilder b = new StringBuilder().append(skipped).append(skipped == 1 ? " row" : " rows")
                .append(" set aside");
        for (int i = 0; i < setAside.size(); i++) {
            b.append(i == 0 ? ": " : "; ").append(setAside.get(i).describe());
        }
        return b.toString();
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
