package io.hwnas.predictors.transfer;

import io.hwnas.core.space.Architecture;
import io.hwnas.core.space.SearchSpace;
import io.hwnas.predictors.data.LatencyTable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * A small nb201 latency table with exactly additive devices: {@code a} and {@code b} cost {@code A[op]} and
 * {@code B[op]} per edge, {@code mix = 1 + 2a + 0.5b}, {@code gappy} is {@code a} with every third cell empty.
 */
final class Synthetic {

    static final double[] A = {0.05, 0.0, 0.5, 1.0, 0.2};
    static final double[] B = {0.05, 0.0, 0.3, 2.0, 0.9};

    private Synthetic() {}

    static LatencyTable table(Path dir, SearchSpace nb201, int rows, long seed) throws IOException {
        SplittableRandom random = new SplittableRandom(seed);
        StringBuilder sb = new StringBuilder("arch_str,a,b,mix,gappy\n");
        java.util.Set<String> drawn = new java.util.HashSet<>();
        for (int i = 0; i < rows; i++) {
            Architecture arch = nb201.sample(random);
            if (!drawn.add(arch.canonical())) { // a table lists each architecture once
                i--;
                continue;
            }
            double a = 3 + cost(arch, A);
            double b = 2 + cost(arch, B);
            sb.append(arch.canonical()).append(',').append(fmt(a)).append(',').append(fmt(b)).append(',')
                    .append(fmt(1 + 2 * a + 0.5 * b)).append(',').append(i % 3 == 0 ? "" : fmt(a)).append('\n');
        }
        Path csv = dir.resolve("synthetic.csv");
        Files.writeString(csv, sb.toString(), StandardCharsets.UTF_8);
        return LatencyTable.read(csv, nb201, "arch_str");
    }

    static double cost(Architecture arch, double[] perOp) {
        double s = 0;
        for (int g : arch.genome()) {
            s += perOp[g];
        }
        return s;
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.12g", v);
    }
}
