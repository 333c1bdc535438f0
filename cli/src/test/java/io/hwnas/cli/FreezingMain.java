package io.hwnas.cli;

import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The command line in a child JVM that freezes for good on the progress line whose number (the first group of a
 * pattern) reaches a threshold: after what that line reports is on disk, before the next step starts. It then
 * creates a file and waits to be killed. So a test kills a command that is certainly midway (the state a kill -9
 * leaves), however fast the machine: no race with a child that might finish first.
 *
 * <p>Arguments: the file to create, the pattern, the threshold, then the command line.
 */
final class FreezingMain {

    private FreezingMain() {}

    public static void main(String[] args) {
        Path frozen = Path.of(args[0]);
        Pattern step = Pattern.compile(args[1]);
        int threshold = Integer.parseInt(args[2]);
        Writer progress = new Writer() {
            private final StringBuilder line = new StringBuilder();

            @Override
            public void write(char[] buf, int off, int len) {
                for (int i = off; i < off + len; i++) {
                    line.append(buf[i]);
                    if (buf[i] == '\n') {
                        endOfLine();
                    }
                }
            }

            private void endOfLine() {
                String text = line.toString();
                line.setLength(0);
                System.err.print(text);
                Matcher m = step.matcher(text);
                if (m.find() && Integer.parseInt(m.group(1)) >= threshold) {
                    try {
                        Files.createFile(frozen);
                        new CountDownLatch(1).await(); // until killed
                    } catch (Exception e) {
                        Runtime.getRuntime().halt(3);
                    }
                }
            }

            @Override
            public void flush() {
                System.err.flush();
            }

            @Override
            public void close() {}
        };
        System.exit(Main.run(Arrays.copyOfRange(args, 3, args.length), new PrintWriter(System.out, true),
                new PrintWriter(progress, true)));
    }

    /**
     * Starts {@code command} in a child JVM (its own temp folder under {@code dir}, its output in {@code dir/log}),
     * waits until it freezes, and kills it.
     *
     * @throws AssertionError naming the log when the child never reached the step
     */
    static void runUntilFrozenAndKill(Path dir, String pattern, int threshold, List<String> command)
            throws Exception {
        // Its own temp folder: native libraries (SQLite, ONNX Runtime) are unpacked there, and SQLite's clean-up of
        // stale copies must not touch the files this JVM is unpacking at the same moment.
        Path tmp = Files.createDirectories(dir.resolve("child-tmp"));
        Path frozen = dir.resolve("frozen");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.io.tmpdir=" + tmp, "-cp", CliTest.pathingJar(dir).toString(), FreezingMain.class.getName(),
                frozen.toString(), pattern, Integer.toString(threshold)));
        cmd.addAll(command);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("log").toFile())
                .start();
        try {
            long deadline = System.nanoTime() + 180_000_000_000L; // a liveness bound, not a speed check
            while (!Files.exists(frozen) && p.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            if (!Files.exists(frozen)) {
                throw new AssertionError("the child did not reach step " + threshold + " of /" + pattern + "/; log: "
                        + Files.readString(dir.resolve("log")));
            }
        } finally {
            p.destroyForcibly().waitFor(); // kill -9
        }
    }
}
