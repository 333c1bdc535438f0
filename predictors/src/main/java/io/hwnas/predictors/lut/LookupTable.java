package io.hwnas.predictors.lut;

import java.util.List;
import java.util.Objects;

/**
 * The fitted table of a {@link LutPredictor}, for reports and inspection: one entry per block kind and per base.
 *
 * @param entries in column order, bases first
 */
public record LookupTable(List<Entry> entries) {

    public LookupTable {
        entries = List.copyOf(Objects.requireNonNull(entries, "entries"));
    }

    /**
     * One block kind.
     *
     * @param block       its name, e.g. {@code stage2/node3<-1/nor_conv_3x3} or {@code stem+head/r224}
     * @param meanMs      its latency
     * @param varianceMs2 squared residual latency attributed to it, per occurrence
     * @param count       training networks that contained it
     * @param fallback    never seen in training: mean and variance are borrowed from {@code fallbackGroup}
     * @param fallbackGroup the group whose seen members were averaged, or empty when seen
     */
    public record Entry(String block, double meanMs, double varianceMs2, int count, boolean fallback,
            String fallbackGroup) {}

    /** The entries never seen in training. */
    public long unseen() {
        return entries.stream().filter(Entry::fallback).count();
    }
}
