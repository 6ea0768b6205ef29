/**
 * Gaussian noise: a Byzantine client ignores its data and sends N(0, σ²) in every coordinate — the
 * "Gaussian Byzantine workers" of Blanchard, El Mhamdi, Guerraoui, Stainer 2017 (NeurIPS, Krum).
 */
import type { Rng } from '../../core/rng';

/** A vector of `length` independent N(0, sigma²) draws from `rng`. */
export function gaussianUpdate(length: number, sigma: number, rng: Rng): Float32Array {
	const out = new Float32Array(length);
	for (let i = 0; i < length; i++) out[i] = sigma * rng.normal();
	return out;
}
