/**
 * DP-FedAvg — McMahan, Ramage, Talwar, Zhang 2018, "Learning Differentially Private Recurrent
 * Language Models", arXiv:1710.06963 — and its local-DP contrast.
 *
 * Central: every client's delta Δ_k is clipped to norm S; the server takes the n_k-weighted mean
 * of the clipped deltas (FedAvg's weights) and adds N(0, (σ·S·max_k n_k/Σn_k)²) to it, i.e. noise
 * of σ times the most any one client can move that mean; with equal shards this is the paper's
 * σ·S/m. One round is one sampled Gaussian mechanism with q = m/K (the client fraction) for the
 * accountant. Simplifications, said plainly: the paper samples clients independently (Poisson)
 * and uses a fixed denominator; the engine samples exactly m, so the accountant's ε is the
 * standard approximation that libraries also report for fixed-size sampling.
 *
 * Local: every client clips and adds N(0, (σ·S)²) itself before sending: the server is not
 * trusted, each update is private on its own, and the mean of m of them carries √m times the
 * noise of central DP for the same σ (ε per client, with no amplification by the server's sum).
 *
 * With S = ∞ and σ = 0 the deltas are untouched and no noise is drawn: the caller's FedAvg path
 * then runs on the unchanged client models, bit for bit.
 */
import type { Rng } from '../../core/rng';
import { clipToNorm } from './clip';
import { addGaussianNoise } from './gaussian-noise';

export interface DpSettings {
	readonly mode: 'central' | 'local';
	/** S, the L2 clipping norm of a client's delta (∞: no clipping). */
	readonly clip: number;
	/** σ, the noise multiplier: the noise std is σ·S. */
	readonly noiseMultiplier: number;
}

export interface ClippedDeltas {
	/** The deltas after clipping (and, in local mode, each client's own noise). */
	readonly deltas: Float32Array[];
	/** Which deltas were changed by clipping. */
	readonly clipped: boolean[];
	/** ‖Δ_k‖ before clipping. */
	readonly norms: number[];
}

/** Client side: clip each delta to S and, in local mode, add each client's own noise. */
export function privatizeDeltas(
	deltas: readonly Float32Array[],
	dp: DpSettings,
	rng: (client: number) => Rng
): ClippedDeltas {
	const out: Float32Array[] = [];
	const clipped: boolean[] = [];
	const norms: number[] = [];
	deltas.forEach((d, i) => {
		const c = clipToNorm(d, dp.clip);
		const std = dp.mode === 'local' ? localNoiseStd(dp) : 0;
		out.push(addGaussianNoise(c.clipped, std, rng(i)));
		clipped.push(c.clipped !== d);
		norms.push(c.norm);
	});
	return { deltas: out, clipped, norms };
}

/** The std of the noise a local-DP client adds to its own update: σ·S. */
export function localNoiseStd(dp: DpSettings): number {
	return dp.noiseMultiplier === 0 ? 0 : dp.noiseMultiplier * dp.clip;
}

/**
 * The std of the noise the server adds to the weighted mean of clipped deltas in central mode:
 * σ·S·max_k(n_k)/Σn_k (σ·S/m for equal n_k). 0 when σ = 0 (S may be ∞).
 */
export function centralNoiseStd(dp: DpSettings, samples: readonly number[]): number {
	if (dp.mode !== 'central' || dp.noiseMultiplier === 0) return 0;
	const total = samples.reduce((a, b) => a + b, 0);
	return (dp.noiseMultiplier * dp.clip * Math.max(...samples)) / total;
}
