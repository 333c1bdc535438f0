package io.hwnas.core.search;

import io.hwnas.core.space.Architecture;
import io.hwnas.core.space.EarlyExitSpace;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Shares of inputs per exit given by the user (0.3, 0.2 and 0.5, say): one per exit position of the
 * space, in stage order, and one for the final classifier, summing to 1. An exit that is off passes its share on to
 * the next exit that is on (or the final classifier): the inputs that would have left there go on and, being easy,
 * leave at the next chance. The thresholds play no part: the distribution stands for whatever thresholds achieve it.
 *
 * <pre>{@code
 * ExitShares s = ConfiguredExitShares.of(EarlyExitSpace.nb201(), List.of(0.3, 0.2, 0.5));
 * s.shares(ee.decode(cell + "#x1=off,x2=0.9"));   // {0.5, 0.5}: x1's 0.3 goes on to x2
 * }</pre>
 */
public final class ConfiguredExitShares implements ExitShares {

    private static final double TOLERANCE = 1e-6;

    private final EarlyExitSpace space;
    private final double[] perPosition;

    /**
     * @param perPosition one share per exit position of {@code space}, then the final classifier's
     * @throws IllegalArgumentException for the wrong count, a share outside [0, 1] or a sum other than 1
     */
    public ConfiguredExitShares(EarlyExitSpace space, double[] perPosition) {
        this.space = Objects.requireNonNull(space, "space");
        this.perPosition = perPosition.clone();
        int want = space.exits().size() + 1;
        if (perPosition.length != want) {
            throw new IllegalArgumentException(want + " shares are needed for " + space.name() + " (exits "
                    + space.exits() + ", then the final classifier), but " + perPosition.length + " were given: "
                    + text(perPosition));
        }
        double sum = 0;
        for (int i = 0; i < perPosition.length; i++) {
            if (!(perPosition[i] >= 0 && perPosition[i] <= 1)) {
                throw new IllegalArgumentException("share " + (i + 1) + " must be in [0, 1], but was "
                        + perPosition[i]);
            }
            sum += perPosition[i];
        }
        if (Math.abs(sum - 1) > TOLERANCE) {
            throw new IllegalArgumentException("the shares must sum to 1, but " + text(perPosition) + " sums to "
                    + String.format(Locale.ROOT, "%.6g", sum));
        }
    }

    /** @see #ConfiguredExitShares(EarlyExitSpace, double[]) */
    public static ConfiguredExitShares of(EarlyExitSpace space, List<Double> perPosition) {
        return new ConfiguredExitShares(space, perPosition.stream().mapToDouble(Double::doubleValue).toArray());
    }

    @Override
    public double[] shares(Architecture a) {
        List<String> on = space.exitsOn(a);
        List<String> exits = space.exits();
        double[] out = new double[on.size() + 1];
        double carried = 0;
        int k = 0;
        for (int i = 0; i < exits.size(); i++) {
            carried += perPosition[i];
            if (on.contains(exits.get(i))) {
                out[k++] = carried;
                carried = 0;
            }
        }
        out[k] = carried + perPosition[exits.size()];
        return out;
    }

    @Override
    public String source() {
        return "configured (" + text(perPosition) + "): per exit position " + space.exits()
                + " and the final classifier; an exit that is off passes its share on to the next; the thresholds "
                + "play no part";
    }

    private static String text(double[] v) {
        return Arrays.stream(v).mapToObj(x -> String.format(Locale.ROOT, "%s", x)).collect(Collectors.joining(","));
    }
}
