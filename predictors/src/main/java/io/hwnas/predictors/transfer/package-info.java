/**
 * Few-shot latency transfer to a new device: a handful of measurements on the target plus full tables of reference
 * devices give a predictor for the target ({@link io.hwnas.predictors.transfer.FewShotTransfer}, the same task as
 * HELP, Lee et al., NeurIPS 2021).
 */
package io.hwnas.predictors.transfer;
