package io.hwnas.predictors.kernel;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Runs {@link KernelPredictorEvaluation} through Maven when asked:
 * {@code mvn -o -q test -pl predictors -am -Dtest=KernelPredictorEvaluationTest -Dsurefire.failIfNoSpecifiedTests=false
 * -Dhwnas.kernel.eval="nb201 200 cpu-1t 7"} (what {@code bench/kernel-predictor.sh} does). Skipped otherwise.
 */
class KernelPredictorEvaluationTest {

    @Test
    @EnabledIfSystemProperty(named = "hwnas.kernel.eval", matches = ".+")
    void evaluate() throws Exception {
        KernelPredictorEvaluation.main(System.getProperty("hwnas.kernel.eval").trim().split("\\s+"));
    }
}
