package io.hwnas.core.search.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.hwnas.core.train.TrainingConfig;
import org.junit.jupiter.api.Test;

class AccuracySourceTest {

    private static final TrainingConfig TRAINING = TrainingConfig.builder().build();

    @Test
    void eachSourceIsNamedAsTheManifestAndTheOracleCallIt() {
        assertEquals("nb201-12ep:cifar100", new AccuracySource.Nb201("nb201-12ep:cifar100").name());
        assertEquals("table", new AccuracySource.Table("acc.csv", "top1", "arch").name());
        assertEquals("scaling:chinchilla", new AccuracySource.ScalingLaw("chinchilla", null, 20).name());
        assertEquals("train:mnist", new AccuracySource.Training("mnist", TRAINING, null).name());
    }

    @Test
    void aScalingLawsTokensMustBePositiveWhenGiven() {
        var zero = assertThrows(IllegalArgumentException.class, () -> new AccuracySource.ScalingLaw("c", 0.0, 20));
        assertEquals("tokens must be > 0, but was 0.0", zero.getMessage());
        var nan = assertThrows(IllegalArgumentException.class,
                () -> new AccuracySource.ScalingLaw("c", Double.NaN, 20));
        assertEquals("tokens must be > 0, but was NaN", nan.getMessage());
        assertEquals(Double.MIN_VALUE, new AccuracySource.ScalingLaw("c", Double.MIN_VALUE, 20).tokens());
        assertNull(new AccuracySource.ScalingLaw("c", null, 20).tokens());
    }

    @Test
    void aScalingLawsTokensPerParameterMustBePositive() {
        var zero = assertThrows(IllegalArgumentException.class, () -> new AccuracySource.ScalingLaw("c", null, 0));
        assertEquals("tokens per parameter must be > 0, but was 0.0", zero.getMessage());
        var nan = assertThrows(IllegalArgumentException.class,
                () -> new AccuracySource.ScalingLaw("c", null, Double.NaN));
        assertEquals("tokens per parameter must be > 0, but was NaN", nan.getMessage());
        assertEquals(Double.MIN_VALUE, new AccuracySource.ScalingLaw("c", null, Double.MIN_VALUE).tokensPerParam());
    }

    @Test
    void finalEpochsStartAtOneWhenGiven() {
        var e = assertThrows(IllegalArgumentException.class, () -> new AccuracySource.Training("mnist", TRAINING, 0));
        assertEquals("final epochs must be >= 1, but was 0", e.getMessage());
        assertEquals(1, new AccuracySource.Training("mnist", TRAINING, 1).finalEpochs());
        assertNull(new AccuracySource.Training("mnist", TRAINING, null).finalEpochs());
    }
}
