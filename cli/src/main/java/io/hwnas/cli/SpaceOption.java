package io.hwnas.cli;

import io.hwnas.core.space.SearchSpace;
import picocli.CommandLine.Option;

/** {@code --space S}: a search space by name. */
public final class SpaceOption {

    @Option(names = "--space", required = true, paramLabel = "S", description = "Search space (nb201, mbv3, transformer, nb201-ee, mbv3-ee).")
    String space;

    public SearchSpace get() {
        return Spaces.get(space);
    }
}
