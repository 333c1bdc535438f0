package io.hwnas.core.search;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code candidates.bin}: the candidates of a search, appended as they are evaluated or change, so that a long
 * search does not rewrite everything it evaluated every generation. After its header ({@link CheckedFiles#prefix})
 * each record is its length, its CRC32 and a candidate in plain data ({@link #encode}); a checkpoint records how
 * many bytes of the log it covers, and bytes a killed process appended after them are cut off on resume.
 */
final class CandidateLog {

    /** Far above a real candidate's few hundred bytes. */
    static final int MAX_RECORD = 1 << 20;

    private CandidateLog() {}

    /**
     * Appends candidates after the first {@code coveredBytes} (0: a new log, header first), forces the log to disk
     * and returns its new length.
     */
    static long append(Path dir, long coveredBytes, List<Candidate> changed) throws IOException {
        Path log = dir.resolve(Checkpoint.CANDIDATES);
        try (FileChannel ch = FileChannel.open(log, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            // Whatever a killed process appended after the last checkpoint is not part of the run.
            ch.truncate(coveredBytes);
            ch.position(coveredBytes);
            if (coveredBytes == 0) {
                write(ch, ByteBuffer.wrap(CheckedFiles.prefix(CheckedFiles.CANDIDATES)));
            }
            for (Candidate c : changed) {
                byte[] b = encode(c);
                write(ch, ByteBuffer.allocate(8 + b.length).putInt(b.length).putInt(CheckedFiles.crc(b, 0, b.length))
                        .put(b).flip());
            }
            ch.force(false);
            return ch.position();
        }
    }

    private static void write(FileChannel ch, ByteBuffer buf) throws IOException {
        while (buf.hasRemaining()) {
            ch.write(buf);
        }
    }

    /**
     * The candidates of the log's first {@code coveredBytes}, each in its latest state, in evaluation order. Each
     * record's length and checksum are checked before it is decoded.
     */
    static List<Candidate> read(Path dir, long coveredBytes) throws IOException {
        Path log = dir.resolve(Checkpoint.CANDIDATES);
        if (!Files.isRegularFile(log)) {
            throw new RunFileException(log, "missing: the checkpoint covers " + coveredBytes + " bytes of it");
        }
        long size = Files.size(log);
        LinkedHashMap<String, Candidate> byArch = new LinkedHashMap<>();
        try (InputStream raw = Files.newInputStream(log); DataInputStream in = new DataInputStream(raw)) {
            byte[] head = in.readNBytes((int) Math.min(size, CheckedFiles.PREFIX));
            CheckedFiles.checkPrefix(log, CheckedFiles.CANDIDATES, head);
            if (coveredBytes < CheckedFiles.PREFIX) {
                throw new RunFileException(log.resolveSibling(Checkpoint.FILE), "malformed: it covers " + coveredBytes
                        + " bytes of " + Checkpoint.CANDIDATES + ", less than its header");
            }
            if (size < coveredBytes) {
                throw CheckedFiles.truncated(log, size, coveredBytes, "log its checkpoint covers");
            }
            long at = CheckedFiles.PREFIX;
            while (at < coveredBytes) {
                byte[] record = record(in, log, at, coveredBytes);
                Candidate c = decode(new PlainInput(record, log, at + 8));
                byArch.put(c.arch(), c); // a later record of a candidate replaces the earlier, keeps its place
                at += 8 + record.length;
            }
        }
        List<Candidate> out = new ArrayList<>(byArch.values());
        out.sort((a, b) -> Integer.compare(a.index(), b.index()));
        return out;
    }

    /** The payload of the record at byte {@code at}, its length and checksum checked. */
    private static byte[] record(DataInputStream in, Path log, long at, long covered) throws IOException {
        if (covered - at < 8) {
            throw new RunFileException(log, "malformed at byte " + at + ": a record's header crosses byte " + covered
                    + ", where its checkpoint says the log ends");
        }
        int n = in.readInt();
        int stored = in.readInt();
        if (n < 0 || n > MAX_RECORD || at + 8 + n > covered) {
            throw new RunFileException(log, "malformed at byte " + at + ": a record of " + n + " bytes does not fit "
                    + "the " + (covered - at - 8) + " bytes its checkpoint covers after it");
        }
        byte[] b = in.readNBytes(n);
        if (b.length != n) {
            throw CheckedFiles.truncated(log, at + 8 + b.length, covered, "log its checkpoint covers");
        }
        int computed = CheckedFiles.crc(b, 0, n);
        if (computed != stored) {
            throw new RunFileException(log, String.format("checksum mismatch in the record at byte %d (CRC32 stored "
                    + "%08x, computed %08x): the file is damaged", at, stored, computed));
        }
        return b;
    }

    /** One candidate as plain data: what {@link #decode} reads. */
    static byte[] encode(Candidate c) {
        PlainOutput out = new PlainOutput().writeInt(c.index()).writeInt(c.generation()).writeString(c.arch())
                .writeDouble(c.accuracy()).writeInt(c.latency().size());
        for (Map.Entry<String, LatencyEstimate> e : c.latency().entrySet()) {
            out.writeString(e.getKey()).writeDouble(e.getValue().measuredMs()).writeDouble(e.getValue().predictedMs());
        }
        out.writeInt(c.graphMetrics().size());
        for (Map.Entry<Metric, Double> e : c.graphMetrics().entrySet()) {
            out.writeString(e.getKey().key()).writeDouble(e.getValue());
        }
        out.writeInt(c.extras().size());
        for (Map.Entry<String, Double> e : c.extras().entrySet()) {
            out.writeString(e.getKey()).writeDouble(e.getValue());
        }
        return out.toByteArray();
    }

    static Candidate decode(PlainInput in) {
        int index = in.readInt();
        int generation = in.readInt();
        if (index < 0 || generation < 0) {
            throw in.malformed("a candidate numbered " + index + " of generation " + generation);
        }
        String arch = in.readString();
        double accuracy = in.readDouble();
        Map<String, LatencyEstimate> latency = new LinkedHashMap<>();
        for (int i = in.readCount("latencies", 20); i > 0; i--) {
            String device = in.readString();
            double measured = in.readDouble();
            double predicted = in.readDouble();
            if (Double.isNaN(measured) && Double.isNaN(predicted)) {
                throw in.malformed("the latency of " + arch + " on '" + device + "' is neither measured nor "
                        + "predicted");
            }
            latency.put(device, new LatencyEstimate(measured, predicted));
        }
        Map<Metric, Double> graph = new LinkedHashMap<>();
        for (int i = in.readCount("graph metrics", 12); i > 0; i--) {
            String key = in.readString();
            Metric m = java.util.Arrays.stream(Metric.values()).filter(x -> x.fromGraph() && x.key().equals(key))
                    .findFirst().orElseThrow(() -> in.malformed("'" + key + "' is not a graph metric"));
            graph.put(m, in.readDouble());
        }
        Map<String, Double> extras = new LinkedHashMap<>();
        for (int i = in.readCount("extras", 12); i > 0; i--) {
            extras.put(in.readString(), in.readDouble());
        }
        in.end();
        return new Candidate(index, generation, arch, accuracy, latency, graph, extras);
    }
}
