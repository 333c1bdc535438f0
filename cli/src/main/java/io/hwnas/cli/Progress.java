package io.hwnas.cli;

import java.io.PrintWriter;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Progress of a long command: a live bar on a terminal, plain lines otherwise (logs and pipes get one readable line
 * per step instead of carriage-return noise).
 */
public interface Progress extends AutoCloseable {

    /** One step done, with a short note of what it was. */
    void step(String note);

    /** {@code steps} steps done at once (a generation of a search), with one note. */
    void advance(int steps, String note);

    @Override
    void close();

    /** {@code p} made safe for several threads (the device farm's queues). */
    public static Progress synchronizedOn(Progress p) {
        return new Progress() {
            @Override
            public synchronized void step(String note) {
                p.step(note);
            }

            @Override
            public synchronized void advance(int steps, String note) {
                p.advance(steps, note);
            }

            @Override
            public synchronized void close() {
                p.close();
            }
        };
    }

    public static Progress create(String task, int total, PrintWriter err) {
        if (System.console() != null && total > 0) {
            ProgressBar bar = new ProgressBarBuilder()
                    .setTaskName(task)
                    .setInitialMax(total)
                    .setStyle(ProgressBarStyle.ASCII)
                    .setConsumer(new ConsoleProgressBarConsumer(System.err))
                    .setUpdateIntervalMillis(250)
                    .build();
            return new Progress() {
                @Override
                public void step(String note) {
                    bar.setExtraMessage(note);
                    bar.step();
                }

                @Override
                public void advance(int steps, String note) {
                    bar.setExtraMessage(note);
                    bar.stepBy(steps);
                }

                @Override
                public void close() {
                    bar.close();
                }
            };
        }
        return new Progress() {
            private int done;

            @Override
            public void step(String note) {
                advance(1, note);
            }

            @Override
            public void advance(int steps, String note) {
                done += steps;
                err.printf("%s [%d/%d] %s%n", task, done, total, note);
                err.flush();
            }

            @Override
            public void close() {}
        };
    }
}
