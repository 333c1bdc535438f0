package io.hwnas.cli;

import picocli.CommandLine.Option;

/**
 * {@code --seed K}: the seed of what a command draws at random (its description says what). A command that
 * defaults to another seed than 1 makes its mixin with {@link #SeedOption(long)}.
 */
public final class SeedOption {

    @Option(names = "--seed", paramLabel = "K", description = "Seed of what the command draws at random "
            + "(default: ${DEFAULT-VALUE}).")
    long seed;

    public SeedOption() {
        this(1);
    }

    public SeedOption(long defaultSeed) {
        this.seed = defaultSeed;
    }

    public long get() {
        return seed;
    }
}
