/**
 * Shamir's t-of-n secret sharing — Shamir 1979, "How to Share a Secret", CACM 22(11) — as used by
 * Bonawitz et al. 2017 (see protocol.ts) to recover a dropped client's mask seed: a random
 * polynomial of degree t − 1 with the secret as its constant term, evaluated at x = 1..n; any t
 * shares give the secret back by Lagrange interpolation at 0, fewer reveal nothing about it.
 */
import type { Rng } from '../../core/rng';
import { P, addMod, invMod, mulMod, subMod } from './field';

export interface Share {
	/** The evaluation point, 1..n (a client's index + 1). */
	readonly x: number;
	readonly y: number;
}

/** Splits `secret` (in [0, P)) into n shares, any t of which reconstruct it. */
export function shareSecret(secret: number, t: number, n: number, rng: Rng): Share[] {
	if (!(t >= 1 && t <= n)) throw new RangeError(`threshold t must be in 1..n (t = ${t}, n = ${n})`);
	const coef = [secret % P];
	for (let i = 1; i < t; i++) coef.push(rng.int(P));
	return Array.from({ length: n }, (_, k) => {
		const x = k + 1;
		let y = 0;
		for (let i = coef.length - 1; i >= 0; i--) y = addMod(mulMod(y, x), coef[i] as number);
		return { x, y };
	});
}

/** The outcome of a reconstruction: the secret, or the reason there is none. */
export type Reconstruction = { ok: true; secret: number } | { ok: false; reason: string };

/** Lagrange interpolation at 0 from ≥ t distinct shares; refuses with a reason below t. */
export function reconstructSecret(shares: readonly Share[], t: number): Reconstruction {
	const distinct = [...new Map(shares.map((s) => [s.x, s])).values()];
	if (distinct.length < t)
		return {
			ok: false,
			reason: `${distinct.length} share${distinct.length === 1 ? '' : 's'} but the threshold is ${t}: fewer than t shares reveal nothing`
		};
	const use = distinct.slice(0, t);
	let secret = 0;
	for (const si of use) {
		let num = 1;
		let den = 1;
		for (const sj of use) {
			if (sj.x === si.x) continue;
			num = mulMod(num, sj.x % P);
			den = mulMod(den, subMod(sj.x % P, si.x % P));
		}
		secret = addMod(secret, mulMod(si.y, mulMod(num, invMod(den))));
	}
	return { ok: true, secret };
}
