package io.hwnas.core.prune;

import io.hwnas.core.space.Architecture;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The order in which a trained network is pruned, from the parent to the smallest network its space allows: each
 * step takes one group to a smaller state, the one that costs least validation loss per prunable unit removed.
 *
 * <p>The cost is measured once per group and state, with every other group as in the parent (a sensitivity
 * analysis: the network pruned in that one place, with its weights copied from the parent and not fine-tuned), and
 * taken as additive along the path. So a parent of {@code g} groups costs one loss evaluation per state of each
 * group, not one per step and candidate.
 *
 * @param parent        the trained network
 * @param units         the prunable units the parent has
 * @param groups        its groups
 * @param baseLoss      the parent's own validation loss
 * @param sensitivities per group and state, the validation loss of the parent pruned there alone (state 0: the
 *                      parent's; NaN where the space has no such network)
 * @param steps         the path, the parent first
 */
public record PruningPath(Architecture parent, long units, List<Group> groups, double baseLoss,
        List<double[]> sensitivities, List<Step> steps) {

    /**
     * One network on the path.
     *
     * @param states    a state per group
     * @param arch      its architecture
     * @param units     the prunable units it keeps
     * @param ratio     the fraction of the parent's prunable units it keeps
     * @param estimated its validation loss before fine-tuning as the sensitivities add up
     */
    public record Step(int[] states, Architecture arch, long units, double ratio, double estimated) {

        public Step {
            states = states.clone();
        }

        @Override
        public int[] states() {
            return states.clone();
        }
    }

    /** The validation loss of a pruned network, its weights copied from the parent's (not fine-tuned). */
    @FunctionalInterface
    public interface Loss {
        double of(Architecture child, int[] states);
    }

    public PruningPath {
        Objects.requireNonNull(parent, "parent");
        groups = List.copyOf(groups);
        sensitivities = sensitivities.stream().map(double[]::clone).toList();
        steps = List.copyOf(steps);
    }

    /**
     * The path of {@code parent} under {@code pruning}, with the costs {@code loss} measures.
     *
     * @throws IllegalArgumentException when nothing of {@code parent} can be pruned
     */
    public static PruningPath of(StructuredPruning pruning, Architecture parent, Loss loss) {
        List<Group> groups = pruning.groups(parent);
        int n = groups.size();
        int[] none = new int[n];
        if (n == 0 || !anyMove(pruning, parent, groups, none)) {
            throw new IllegalArgumentException(parent.canonical() + " is already minimal: its space can prune "
                    + "nothing of it");
        }
        double base = loss.of(parent, none);
        List<double[]> sens = new ArrayList<>();
        for (int g = 0; g < n; g++) {
            double[] s = new double[groups.get(g).states().size()];
            s[0] = base;
            for (int k = 1; k < s.length; k++) {
                int[] states = none.clone();
                states[g] = k;
                s[k] = pruning.allowed(parent, states) ? loss.of(pruning.child(parent, states), states) : Double.NaN;
            }
            sens.add(s);
        }
        long total = pruning.units(parent, none);
        List<Step> steps = new ArrayList<>();
        int[] cur = none.clone();
        steps.add(new Step(cur, parent, total, 1.0, base));
        while (true) {
            long units = pruning.units(parent, cur);
            int bestGroup = -1;
            int bestState = -1;
            double bestRate = Double.POSITIVE_INFINITY;
            for (int g = 0; g < n; g++) {
                double[] s = sens.get(g);
                for (int k = cur[g] + 1; k < s.length; k++) {
                    int[] next = cur.clone();
                    next[g] = k;
                    if (Double.isNaN(s[k]) || !pruning.allowed(parent, next)) {
                        continue;
                    }
                    long removed = units - pruning.units(parent, next);
                    if (removed <= 0) {
                        continue;
                    }
                    double rate = (s[k] - s[cur[g]]) / removed;
                    if (rate < bestRate) {
                        bestRate = rate;
                        bestGroup = g;
                        bestState = k;
                    }
                }
            }
            if (bestGroup < 0) {
                break;
            }
            cur[bestGroup] = bestState;
            double estimated = base;
            for (int g = 0; g < n; g++) {
                estimated += sens.get(g)[cur[g]] - base;
            }
            long kept = pruning.units(parent, cur);
            steps.add(new Step(cur, pruning.child(parent, cur), kept, kept / (double) total, estimated));
        }
        return new PruningPath(parent, total, groups, base, sens, steps);
    }

    private static boolean anyMove(StructuredPruning p, Architecture parent, List<Group> groups, int[] none) {
        for (int g = 0; g < groups.size(); g++) {
            for (int k = 1; k < groups.get(g).states().size(); k++) {
                int[] s = none.clone();
                s[g] = k;
                if (p.allowed(parent, s)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * The least pruned network that keeps at most {@code ratio} of the parent's prunable units.
     *
     * @throws IllegalArgumentException for a ratio outside (0, 1], or one smaller than the smallest network keeps
     */
    public Step at(double ratio) {
        if (!(ratio > 0 && ratio <= 1)) {
            throw new IllegalArgumentException("a pruning ratio is the fraction of prunable units kept, in (0, 1]; "
                    + "got " + ratio);
        }
        for (Step s : steps) {
            if (s.ratio() <= ratio + 1e-12) {
                return s;
            }
        }
        Step last = smallest();
        throw new IllegalArgumentException(String.format(Locale.ROOT, "ratio %s cannot be reached: the smallest "
                + "network %s pruning leaves from %s keeps %.3f of its prunable units", ratio, last.arch().canonical(),
                parent.canonical(), last.ratio()));
    }

    /** The smallest network on the path. */
    public Step smallest() {
        return steps.get(steps.size() - 1);
    }

    @Override
    public String toString() {
        return "PruningPath[" + parent.canonical() + ", " + steps.size() + " steps, sensitivities "
                + sensitivities.stream().map(Arrays::toString).toList() + "]";
    }
}
