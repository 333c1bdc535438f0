package io.hwnas.cli;

import io.hwnas.core.measure.drift.DriftControl;
import picocli.CommandLine.Option;

/**
 * {@code --drift-control on|off}: whether measurements time the device's reference model beside each candidate and
 * use the latency corrected for the machine's speed (on, the default), or time the candidate alone (off).
 */
public final class DriftOption {

    @Option(names = "--drift-control", paramLabel = "on|off", description = "Time a reference model beside each "
            + "measured model and use the latency corrected for the machine's speed at that moment (default: on).")
    String word = "on";

    /** The choice; an unknown word is refused with one line naming the flag. */
    public DriftControl get() {
        return DriftControl.parse(word);
    }
}
