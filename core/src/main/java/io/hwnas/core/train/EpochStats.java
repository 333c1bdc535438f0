package io.hwnas.core.train;

/**
 * One evaluation during training (at the end of an epoch, or of the run when the budget is in steps).
 *
 * @param epoch              epochs completed, fractional when the budget is in steps
 * @param step               optimiser steps completed
 * @param trainLoss          mean cross-entropy over the steps since the previous evaluation
 * @param trainAccuracy      fraction of those steps' training images classified right (in training mode)
 * @param validationAccuracy fraction of the validation split classified right (in inference mode)
 * @param seconds            wall time since training began
 */
public record EpochStats(double epoch, int step, double trainLoss, double trainAccuracy, double validationAccuracy,
        double seconds) implements java.io.Serializable {

    private static final long serialVersionUID = 1L;
}
