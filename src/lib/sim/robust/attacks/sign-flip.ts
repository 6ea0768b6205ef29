/**
 * Sign flip: a Byzantine client trains honestly, then sends −λ × its update, pushing the model up
 * the loss surface instead of down. The standard model-poisoning baseline of the Byzantine-robust
 * literature (the "bit-flipping" attack of Karimireddy, He, Jaggi 2021, arXiv:2012.10333, is λ = 1).
 * With a fraction α of attackers the mean moves by (1 − α − λα) × the honest direction: it points
 * backwards as soon as λ > (1 − α)/α, e.g. λ > 2.33 at α = 0.3.
 */

/** −scale × `update`. */
export function signFlip(update: Float32Array, scale: number): Float32Array {
	return update.map((x) => -scale * x);
}
