/**
 * Structured pruning in a space's own terms: which parts of a trained network can be removed (an mbv3 block, some
 * of a block's expanded channels, a transformer layer, half its feed-forward units), the architecture of the space
 * that is left, the kept weights copied from the parent's, and the order in which to remove the parts (least harm
 * to the validation loss per unit removed first). Training and scoring are the caller's ({@code training}).
 */
package io.hwnas.core.prune;
