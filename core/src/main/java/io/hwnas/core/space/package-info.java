/**
 * Search spaces: the {@link io.hwnas.core.space.SearchSpace} plugin interface, the
 * {@link io.hwnas.core.space.Architecture} record whose canonical string keys every table, the
 * {@link io.hwnas.core.space.SearchSpaces} registry, and the built-in spaces {@code nb201} (NAS-Bench-201 cells,
 * {@link io.hwnas.core.space.Nb201Space}) and {@code mbv3} (once-for-all MobileNetV3,
 * {@link io.hwnas.core.space.Mbv3Space}), and their early-exit forms {@code nb201-ee} and {@code mbv3-ee}
 * ({@link io.hwnas.core.space.EarlyExitSpace}).
 */
package io.hwnas.core.space;
