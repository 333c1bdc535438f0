package io.hwnas.cli;

import picocli.CommandLine.Option;

/** {@code --json}: the answer as JSON, one object a line, for programs instead of people. */
public final class JsonOption {

    @Option(names = "--json", description = "Print the result as JSON, one object a line.")
    boolean json;

    public boolean on() {
        return json;
    }
}
