/**
 * FLTrust — Cao, Fang, Liu, Gong 2021, "FLTrust: Byzantine-robust Federated Learning via Trust
 * Bootstrapping", NDSS, arXiv:2012.13995.
 *
 * The server trains on its own small clean root set and gets a reference update g₀. Each client
 * update x_i gets a trust score TS_i = ReLU(cos(x_i, g₀)), is rescaled to ‖g₀‖, and the aggregate
 * is Σ TS_i·(‖g₀‖/‖x_i‖)·x_i / Σ TS_i. An update pointing away from g₀ gets trust 0; boosting an
 * update buys nothing because every update is rescaled. When every score is 0 the aggregate is 0
 * (the model does not move). The root set here is a seeded sample of the training pool (see
 * round.ts); the paper collects it separately.
 */
import { dimension } from './vectors';

export interface FltrustResult {
	readonly aggregate: Float32Array;
	/** ReLU(cos(x_i, g₀)) of every update. */
	readonly trust: readonly number[];
}

const norm = (v: ArrayLike<number>) => {
	let s = 0;
	for (let i = 0; i < v.length; i++) s += (v[i] as number) ** 2;
	return Math.sqrt(s);
};

/** FLTrust of `vectors` given the server's reference update `reference`. */
export function fltrust(vectors: readonly Float32Array[], reference: Float32Array): FltrustResult {
	const d = dimension([...vectors, reference], 'fltrust');
	const g0 = norm(reference);
	const out = new Float64Array(d);
	const trust = vectors.map((x) => {
		const nx = norm(x);
		if (!(nx > 0) || !(g0 > 0)) return 0;
		let dot = 0;
		for (let i = 0; i < d; i++) dot += (x[i] as number) * (reference[i] as number);
		return Math.max(0, dot / (nx * g0));
	});
	const total = trust.reduce((a, b) => a + b, 0);
	if (total > 0)
		vectors.forEach((x, k) => {
			const ts = trust[k] as number;
			if (!ts) return;
			const w = (ts * g0) / norm(x) / total;
			for (let i = 0; i < d; i++) out[i] = (out[i] as number) + w * (x[i] as number);
		});
	return { aggregate: Float32Array.from(out), trust };
}
