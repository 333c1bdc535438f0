package io.hwnas.core.search;

import java.io.Serializable;

/**
 * The state of a search after one generation.
 *
 * @param evaluations distinct architectures evaluated so far
 * @param hypervolume hypervolume of the feasible front so far (normalisation and reference in the manifest)
 * @param frontSize   size of the constrained front so far
 * @param measured    candidates measured for real so far (any device)
 * @param elapsedMs   wall time of the search so far, across resumes
 */
public record GenerationStats(int generation, int evaluations, double hypervolume, int frontSize, int measured,
        long elapsedMs) implements Serializable {}
