/**
 * Records about latency predictors that reports read without the predictors module on the class path:
 * {@link io.hwnas.core.predict.PredictorEvaluation}, how well one predictor did on held-out measurements.
 */
package io.hwnas.core.predict;
