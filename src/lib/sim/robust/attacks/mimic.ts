/**
 * Mimic — Karimireddy, He, Jaggi 2022, "Byzantine-Robust Learning on Heterogeneous Datasets via
 * Bucketing", ICLR, arXiv:2006.09365.
 *
 * Every attacker sends a copy of one honest client's update. Nothing it sends is abnormal, but one
 * client's data is over-represented: harmless under IID data, harmful when clients differ
 * (non-IID), where robust rules already struggle to tell rare honest data from attacks. The paper
 * picks the client most extreme along the top principal direction during a warm-up; here, a
 * simplification, each round the attackers copy the honest update farthest from the honest mean.
 */
import { plainMean, squaredDistance } from '../aggregate/vectors';

/** The index in `honest` of the update the attackers copy (farthest from the mean; ties: lowest). */
export function mimicTarget(honest: readonly Float32Array[]): number {
	const mu = plainMean(honest, 'mimic');
	let best = 0;
	let far = -1;
	honest.forEach((h, i) => {
		const d = squaredDistance(h, mu);
		if (d > far) {
			far = d;
			best = i;
		}
	});
	return best;
}
