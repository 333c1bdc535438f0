package io.hwnas.cli.predictor;

import io.hwnas.predictors.data.Duplicates;
import picocli.CommandLine.Option;

/**
 * {@code --duplicates refuse|average}: what a latency table that lists one architecture on several rows with
 * different latencies means. Read only with {@code --table}: given without one, it is refused rather than ignored.
 */
final class DuplicatesOption {

    @Option(names = "--duplicates", paramLabel = "refuse|average", description = "An architecture on several rows "
            + "of --table with different latencies: refuse the table (default) or average them. Rows with the same "
            + "latency are merged either way.")
    String word;

    /** The choice, refusing by default; an unknown word is refused naming the flag. */
    Duplicates get() {
        return word == null ? Duplicates.REFUSE : Duplicates.parse(word);
    }

    /** Fails when {@code --duplicates} was given to a command that reads no table this time. */
    void requireTable(boolean table) {
        if (word != null && !table) {
            throw new IllegalArgumentException("--duplicates is read only with --table; measurements from the "
                    + "database keep the latest of an architecture measured more than once");
        }
    }
}
