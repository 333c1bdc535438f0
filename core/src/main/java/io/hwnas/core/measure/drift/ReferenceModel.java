package io.hwnas.core.measure.drift;

import io.hwnas.core.measure.Sha256;
import io.hwnas.core.onnx.ExportedModel;
import io.hwnas.core.space.Nb201Space;
import io.hwnas.core.space.SearchSpace;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A reference model: fixed bytes that every device runs beside the candidates it measures, so that a measurement
 * knows how fast the machine was at that moment.
 *
 * <p>The references are a ladder of three NAS-Bench-201 cells, exported with hwnas's fixed weights seed, so that
 * every hwnas (this process, an agent on a board, the agent on a phone) builds the same bytes without shipping a
 * file: one of the lightest cells (about 0.1 ms on one core of a 2-core EPYC VM), a middle one (0.7 ms) and one of
 * the heaviest (2.2 ms). A measurement pairs its candidate with the rung nearest to it in latency: a machine under
 * load does not slow every model alike (on that VM, with two busy processes, a 0.1 ms model slowed 1.4x while a
 * 0.7 ms one slowed 1.2x), and a reference of the candidate's own length sees the same slowdown (see
 * docs/measuring.md for the figures).
 *
 * @param name   a short name for messages and the database ({@code nb201-s}, {@code nb201-m}, {@code nb201-l})
 * @param sha256 the bytes' digest; an agent whose reference has other bytes is refused
 */
public record ReferenceModel(String name, String architecture, byte[] bytes, String sha256) {

    public ReferenceModel {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(architecture, "architecture");
        Objects.requireNonNull(bytes, "bytes");
        Sha256.requireHex("sha256", sha256);
    }

    private static final String[][] RUNGS = {
        {"nb201-s", "|none~0|+|skip_connect~0|none~1|+|skip_connect~0|none~1|none~2|"},
        {"nb201-m", "|nor_conv_3x3~0|+|nor_conv_1x1~0|skip_connect~1|+|avg_pool_3x3~0|none~1|nor_conv_1x1~2|"},
        {"nb201-l", "|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_3x3~2|"},
    };

    private static final class Holder {
        static final List<ReferenceModel> LADDER = build();

        private static List<ReferenceModel> build() {
            SearchSpace nb201 = new Nb201Space();
            return Arrays.stream(RUNGS).map(r -> {
                ExportedModel m = ExportedModel.export(nb201, nb201.decode(r[1]), ExportedModel.DEFAULT_WEIGHTS_SEED);
                return new ReferenceModel(r[0], r[1], m.bytes(), m.sha256());
            }).toList();
        }
    }

    /** The ladder, lightest first; built once per process. */
    public static List<ReferenceModel> ladder() {
        return Holder.LADDER;
    }

    /** The rung with this digest, if it is one of this hwnas's. */
    public static Optional<ReferenceModel> bySha256(String sha256) {
        return ladder().stream().filter(r -> r.sha256.equals(sha256)).findFirst();
    }

    /** The rung with this name, if it is one of this hwnas's. */
    public static Optional<ReferenceModel> byName(String name) {
        return ladder().stream().filter(r -> r.name.equals(name)).findFirst();
    }

    /**
     * The index of the rung nearest to a candidate in latency, on a log scale, given the latencies of the candidate
     * and of every rung measured just now on the same machine.
     */
    public static int nearest(double candidateMs, double[] rungMs) {
        if (rungMs.length == 0) {
            throw new IllegalArgumentException("no reference latencies");
        }
        int best = 0;
        for (int i = 1; i < rungMs.length; i++) {
            if (Math.abs(Math.log(rungMs[i] / candidateMs)) < Math.abs(Math.log(rungMs[best] / candidateMs))) {
                best = i;
            }
        }
        return best;
    }

    @Override
    public String toString() {
        return name + " (" + architecture + ", sha256 " + sha256.substring(0, 12) + ")";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ReferenceModel r && r.sha256.equals(sha256) && r.name.equals(name);
    }

    @Override
    public int hashCode() {
        return sha256.hashCode();
    }
}
