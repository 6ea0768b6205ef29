/**
 * Inner-product manipulation (IPM) — Xie, Koyejo, Gupta 2020, "Fall of Empires: Breaking
 * Byzantine-tolerant SGD by Inner Product Manipulation", UAI, arXiv:1903.03936.
 *
 * Every attacker sends −ε × the mean of the honest updates. With a small ε the attackers sit close
 * to the honest cloud (a median or Krum may even pick them), yet the aggregate's inner product with
 * the true update shrinks or turns negative. "Honest mean" here is the mean of every honestly
 * trained update of the round (the attackers train honestly first): an omniscient adversary.
 */
import { plainMean } from '../aggregate/vectors';

/** −ε × the plain mean of `honest`. */
export function ipm(honest: readonly Float32Array[], epsilon: number): Float32Array {
	return Float32Array.from(plainMean(honest, 'ipm'), (x) => -epsilon * x);
}
