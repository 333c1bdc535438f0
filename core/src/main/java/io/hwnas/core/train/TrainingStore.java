package io.hwnas.core.train;

import java.util.Optional;

/**
 * Port to where training results are kept, so that a (space, architecture, dataset, budget, seed) is trained once.
 * Each save is committed before it returns: a search killed mid-run keeps every result it finished. A failed
 * training is a result too, and is not tried again.
 */
public interface TrainingStore extends AutoCloseable {

    Optional<TrainingResult> find(TrainingKey key) throws TrainingStoreException;

    /**
     * Saves (or replaces: a test accuracy computed later) the result of {@code key}.
     *
     * @param weights the trained parameters, flat in the graph's initializer order, or null to keep none (or to keep
     *                those already stored)
     */
    void save(TrainingKey key, TrainingResult result, float[] weights) throws TrainingStoreException;

    /** The trained parameters of {@code key}, flat in the graph's initializer order, when they were kept. */
    Optional<float[]> weights(TrainingKey key) throws TrainingStoreException;

    /** Forgets the training of {@code key} and its weights (to train it again); false when there was none. */
    boolean delete(TrainingKey key) throws TrainingStoreException;

    long count() throws TrainingStoreException;

    @Override
    void close() throws TrainingStoreException;
}
