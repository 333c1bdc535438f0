package io.hwnas.predictors.analytic;

import io.hwnas.core.space.Architecture;
import io.hwnas.predictors.data.LatencyDataset;

/** Argument checks shared by the analytic predictors. */
final class Checks {

    private Checks() {}

    static void sameSpace(String plugin, String space, LatencyDataset data) {
        if (!data.space().equals(space)) {
            throw new IllegalArgumentException(plugin + " trainer is for space '" + space + "', but the dataset ("
                    + data.source() + ") is of space '" + data.space() + "'");
        }
    }

    static Architecture ofSpace(String plugin, String space, Architecture a) {
        if (!a.space().equals(space)) {
            throw new IllegalArgumentException(plugin + " predictor of space '" + space + "' cannot predict " + a);
        }
        return a;
    }
}
