/**
 * Constant update: the same value in every coordinate. Zero is the free rider, who sends "no change"
 * without training (Lin, Du, Liu 2019, "Free-riders in Federated Learning", arXiv:1911.12560); a
 * non-zero constant shifts every weight alike.
 */

/** A vector of `length` copies of `value`. */
export function constantUpdate(length: number, value: number): Float32Array {
	return new Float32Array(length).fill(value);
}
