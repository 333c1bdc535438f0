package io.hwnas.core.search;

import io.hwnas.core.space.Architecture;
import io.hwnas.core.space.SearchSpace;
import io.hwnas.core.table.ArchTable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Map;

/**
 * Oracles read from tables: the NAS-Bench-201 accuracies shipped with hwnas, and users' own accuracy and latency
 * tables.
 */
public final class TableOracles {

    /** The shipped table, a class-path resource (copied from {@code data/nas-bench-201/} at build time). */
    public static final String NB201_RESOURCE = "/io/hwnas/data/nas-bench-201/nb201_accuracy.csv.gz";

    private static final Map<String, String> NB201_200EP = Map.of(
            "cifar10", "nats_cifar10_test_acc",
            "cifar100", "nats_cifar100_test_acc",
            "imagenet16", "nats_imagenet16_test_acc");

    /**
     * The 12-epoch columns. The bare data-set name is the validation accuracy (what a search should look at, as
     * NAS-Bench-201's own searches do); {@code -test} is the test split.
     */
    private static final Map<String, String> NB201_12EP = Map.of(
            "cifar10", "nb201_12ep_cifar10valid_xvalid_acc",
            "cifar10-test", "nb201_12ep_cifar10_oritest_acc",
            "cifar100", "nb201_12ep_cifar100_xvalid_acc",
            "cifar100-test", "nb201_12ep_cifar100_xtest_acc",
            "imagenet16", "nb201_12ep_imagenet16_xvalid_acc",
            "imagenet16-test", "nb201_12ep_imagenet16_xtest_acc");

    private static volatile ArchTable nb201;

    private TableOracles() {}

    /**
     * The NAS-Bench-201 accuracy oracle named {@code spec}: {@code nb201:cifar10|cifar100|imagenet16} (200-epoch
     * test accuracy) or {@code nb201-12ep:...} (12 epochs). An unknown name fails listing the known ones.
     */
    public static AccuracyOracle nb201(String spec, SearchSpace space) {
        if (!space.name().equals("nb201")) {
            throw new IllegalArgumentException("accuracy oracle '" + spec + "' knows only the nb201 space, not '"
                    + space.name() + "'");
        }
        String s = spec.trim().toLowerCase(Locale.ROOT);
        int colon = s.indexOf(':');
        String family = colon < 0 ? s : s.substring(0, colon);
        String dataset = colon < 0 ? "cifar10" : s.substring(colon + 1);
        Map<String, String> columns = switch (family) {
            case "nb201" -> NB201_200EP;
            case "nb201-12ep" -> NB201_12EP;
            default -> throw new IllegalArgumentException("unknown accuracy oracle '" + spec + "'; known: "
                    + knownNb201());
        };
        String column = columns.get(dataset);
        if (column == null) {
            throw new IllegalArgumentException("unknown accuracy oracle '" + spec + "'; known: " + knownNb201());
        }
        ArchTable t = nb201Table(space);
        return new TableAccuracy(family + ":" + dataset, "NAS-Bench-201 table shipped with hwnas ("
                + "data/nas-bench-201/nb201_accuracy.csv.gz), column " + column, accuracies(t, column));
    }

    /** Every name {@link #nb201} accepts. */
    public static String knownNb201() {
        StringBuilder b = new StringBuilder();
        NB201_200EP.keySet().stream().sorted().forEach(k -> b.append(b.isEmpty() ? "" : ", ").append("nb201:" + k));
        NB201_12EP.keySet().stream().sorted().forEach(k -> b.append(", nb201-12ep:").append(k));
        return b.append(", table").toString();
    }

    /** The shipped NAS-Bench-201 table, read once. */
    public static ArchTable nb201Table(SearchSpace space) {
        ArchTable t = nb201;
        if (t == null) {
            synchronized (TableOracles.class) {
                t = nb201;
                if (t == null) {
                    try (InputStream in = TableOracles.class.getResourceAsStream(NB201_RESOURCE)) {
                        if (in == null) {
                            throw new IllegalStateException("the NAS-Bench-201 table " + NB201_RESOURCE
                                    + " is missing from the class path; rebuild hwnas");
                        }
                        t = ArchTable.read(in, NB201_RESOURCE, space, "arch_str");
                    } catch (IOException e) {
                        throw new UncheckedIOException("reading " + NB201_RESOURCE + ": " + e.getMessage(), e);
                    }
                    nb201 = t;
                }
            }
        }
        return t;
    }

    /**
     * An accuracy oracle over a user's table column (accuracy in %). A cell that is not a number, a value outside
     * 0..100 and an architecture with two values fail naming the file and the line; an empty cell is a missing
     * architecture.
     */
    public static AccuracyOracle accuracy(ArchTable table, String column) {
        return new TableAccuracy("table:" + column, table.source() + ", column " + column + " (architectures in "
                + table.archColumn() + ")", accuracies(table, column));
    }

    private static Map<String, Double> accuracies(ArchTable table, String column) {
        return table.lookup(column, v -> v >= 0 && v <= 100, "an accuracy in % (0 to 100; a fraction 0.93 is "
                + "written 93)");
    }

    /**
     * A latency oracle over a published table column (ms); the device is called by the column's name. A cell that is
     * not a number, a latency that is not positive and an architecture with two latencies fail naming the file and
     * the line; an empty cell is a missing architecture.
     */
    public static LatencyOracle latency(ArchTable table, String column) {
        Map<String, Double> values = table.lookup(column, v -> v > 0, "a latency in ms (> 0)");
        String source = table.source() + ", column " + column + " (architectures in " + table.archColumn() + ")";
        return new LatencyOracle() {
            @Override
            public String device() {
                return column;
            }

            @Override
            public LatencyKind kind() {
                return LatencyKind.TABLE;
            }

            @Override
            public String source() {
                return source;
            }

            @Override
            public LatencyEstimate estimate(Architecture a) {
                Double v = values.get(a.canonical());
                if (v == null) {
                    throw new MissingArchitectureException("latency table " + source, a.canonical());
                }
                return LatencyEstimate.measured(v);
            }
        };
    }

    private record TableAccuracy(String name, String source, Map<String, Double> values) implements AccuracyOracle {
        @Override
        public double accuracy(Architecture a) {
            Double v = values.get(a.canonical());
            if (v == null) {
                throw new MissingArchitectureException("accuracy table " + source, a.canonical());
            }
            return v;
        }
    }
}
