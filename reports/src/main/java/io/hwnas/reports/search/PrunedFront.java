package io.hwnas.reports.search;

import java.util.List;
import java.util.Objects;

/**
 * A prune run drawn beside a search (same space, dataset and device): the trained parent, the networks pruned from
 * it and fine-tuned, and what all their training saw, the cost to set against the search's.
 *
 * @param label  how the report names the run (its file)
 * @param device the device its latencies were measured on
 * @param parent the parent as a point (ratio 1, no fine-tuning)
 * @param pruned the pruned networks, in the order asked
 * @param seen   images (or tokens) the parent's training and every fine-tuning saw together
 * @param unit   {@code images} or {@code tokens}
 */
public record PrunedFront(String label, String device, Point parent, List<Point> pruned, long seen, String unit) {

    /**
     * One network.
     *
     * @param accuracy in % (as the search's accuracies)
     * @param ratio    the fraction of the parent's prunable units it keeps
     */
    public record Point(String arch, double accuracy, double ms, double ratio, int fineTuneSteps) {}

    public PrunedFront {
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(parent, "parent");
        pruned = List.copyOf(pruned);
        Objects.requireNonNull(unit, "unit");
    }
}
