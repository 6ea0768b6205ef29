/**
 * One gradient-inversion experiment, end to end: a client computes what it would share (a FedSGD
 * gradient, a FedAvg update, a DP-noised gradient, or only the securely aggregated sum of several
 * clients), the server attacks it (analytic, DLG or cosine; see the papers in
 * ../../sim/privacy/inversion/ and dlg.ts), and each reconstruction is scored against the client's
 * images (PSNR, MSE, label recovered). Used by the CLI (`npm run inversion`), the tests and the
 * chapter's worker.
 */
import { createRng, type Rng } from '../../sim/core/rng';
import { reconstructFromFirstLayer } from '../../sim/privacy/inversion/analytic';
import { labelsFromBias, labelsMatched } from '../../sim/privacy/inversion/batch-labels';
import { labelFromLastLayer } from '../../sim/privacy/inversion/idlg-label';
import { imageQuality } from '../../sim/privacy/inversion/quality';
import { privatizeDeltas } from '../../sim/privacy/dp/dp-fedavg';
import { glorotInit } from '../weights';
import { DlgAttack, type MatchLoss } from './dlg';
import { gradientFlat, type GradientModel } from './gradient-model';

export { mlpShapes } from './mlp-gradient';

export type InversionAttack = 'analytic' | 'dlg' | 'cosine';

/** What the server gets from the client(s). */
export type SharedUpdate =
	/** FedSGD: the gradient of one batch (all the client's images). */
	| { readonly kind: 'gradient' }
	/** FedAvg: the model change after E epochs of SGD with batch B (read as −Δ/(η·steps)). */
	| {
			readonly kind: 'fedavg';
			readonly epochs: number;
			readonly batchSize: number;
			readonly learningRate: number;
	  }
	/** The gradient clipped to S with N(0, (σS)²) added by the client (local DP). */
	| { readonly kind: 'dp'; readonly clip: number; readonly noiseMultiplier: number }
	/** Secure aggregation: only the sum of every image's batch-1 gradient (one client each). */
	| { readonly kind: 'secagg' };

export interface InversionInput {
	/** The attacked model (gradient-model.ts): the MLP or the CNN. */
	readonly model: GradientModel;
	/** Seed of the shared model's initial weights and of the attack's dummies. */
	readonly seed: number;
	/** The client's images (n × inputs, row-major, pixels in [0, 1]) and labels. */
	readonly images: Float32Array;
	readonly labels: readonly number[];
	readonly attack: InversionAttack;
	readonly shared: SharedUpdate;
	/** How many images the server tries to reconstruct (default: all of them, at most 8). */
	readonly reconstruct?: number;
	/** Optimisation budget of DLG / cosine. */
	readonly iterations?: number;
	readonly learningRate?: number;
	/** Weight of DLG's total-variation prior (0 or absent: none). */
	readonly tv?: number;
	/**
	 * Called every `every` iterations with the current reconstructions (for animation); returning
	 * false stops the attack there. Awaited, so a worker can yield to hear a stop message.
	 */
	readonly onProgress?: (p: InversionProgress) => boolean | void | Promise<boolean | void>;
	readonly every?: number;
}

export interface InversionProgress {
	readonly iteration: number;
	readonly loss: number;
	readonly images: Float32Array;
}

export interface ImageResult {
	/** Index of the reconstruction. */
	readonly image: number;
	/** The client image it matches best (one-to-one when as many are reconstructed as exist). */
	readonly matched: number;
	readonly label: number;
	readonly labelGuess: number;
	readonly labelRecovered: boolean;
	readonly psnr: number;
	readonly mse: number;
}

export interface InversionResult {
	readonly results: ImageResult[];
	/** The reconstructions, reconstruct × inputs. */
	readonly reconstructions: Float32Array;
	readonly iterations: number;
}

/** What the client shares, as a flat gradient-like vector over the model's weights. */
export function sharedVector(
	weights: Float32Array,
	input: Pick<InversionInput, 'model' | 'images' | 'labels' | 'shared'>,
	rng: Rng
): Float32Array {
	const { model, images, labels, shared } = input;
	const d = model.inputs;
	const grad = (idx: readonly number[], w: Float32Array) => {
		const x = new Float32Array(idx.length * d);
		idx.forEach((k, i) => x.set(images.subarray(k * d, (k + 1) * d), i * d));
		return gradientFlat(
			model,
			w,
			x,
			idx.map((k) => labels[k] as number)
		);
	};
	const all = labels.map((_, k) => k);
	switch (shared.kind) {
		case 'gradient':
			return grad(all, weights);
		case 'dp': {
			const g = grad(all, weights);
			return privatizeDeltas([g], { mode: 'local', ...shared }, () => rng)
				.deltas[0] as Float32Array;
		}
		case 'secagg': {
			const sum = new Float32Array(weights.length);
			for (const k of all) {
				const g = grad([k], weights);
				for (let i = 0; i < sum.length; i++) sum[i] = (sum[i] as number) + (g[i] as number);
			}
			return sum;
		}
		case 'fedavg': {
			const w = weights.slice();
			let steps = 0;
			for (let e = 0; e < shared.epochs; e++) {
				const order = rng.shuffle([...all]);
				for (let s = 0; s < order.length; s += shared.batchSize) {
					const g = grad(order.slice(s, s + shared.batchSize), w);
					for (let i = 0; i < w.length; i++)
						w[i] = (w[i] as number) - shared.learningRate * (g[i] as number);
					steps++;
				}
			}
			return w.map((wi, i) => ((weights[i] as number) - wi) / (shared.learningRate * steps));
		}
	}
}

/** Runs the experiment: the shared vector, the attack, the scores. */
export async function runInversion(input: InversionInput): Promise<InversionResult> {
	const { model, labels } = input;
	const d = model.inputs;
	const classes = model.classes;
	const n = labels.length;
	const b = Math.min(input.reconstruct ?? Math.min(n, 8), n);
	if (input.attack === 'analytic' && model.firstDense === null)
		throw new RangeError(
			'attack: the analytic attack needs a dense first layer with a bias; the CNN starts with a convolution (use "dlg" or "cosine")'
		);
	const weights = glorotInit(model.shapes, createRng(input.seed));
	const shared = sharedVector(weights, input, createRng(input.seed + 1));

	// the layout of the flat vector: first layer [W₁, b₁] (dense models), last layer [W_L, b_L]
	const h1 = model.firstDense ?? 0;
	const gW1 = shared.subarray(0, d * h1);
	const gb1 = shared.subarray(d * h1, d * h1 + h1);
	const hl = model.lastHidden;
	const gbL = shared.subarray(shared.length - classes);
	const gWL = shared.subarray(shared.length - classes - hl * classes, shared.length - classes);
	const guessed = b === 1 ? [labelFromLastLayer(gWL, classes)] : labelsFromBias(gbL, b);

	let recon: Float32Array;
	let iterations = 0;
	if (input.attack === 'analytic') {
		recon = new Float32Array(b * d);
		// the b units with the largest |∂L/∂b|: a unit active for one sample only gives it exactly
		const units = [...gb1.keys()]
			.sort((p, q) => Math.abs(gb1[q] as number) - Math.abs(gb1[p] as number))
			.slice(0, Math.max(b, Math.min(h1, 4 * b)));
		const candidates = units.map((u) => {
			const onlyU = new Float32Array(h1);
			onlyU[u] = gb1[u] as number;
			return reconstructFromFirstLayer(gW1, onlyU, d) ?? new Float32Array(d);
		});
		// keep b candidates that differ most from each other (greedy farthest-first)
		const chosen = [0];
		while (chosen.length < Math.min(b, candidates.length)) {
			let best = -1;
			let bestDist = -1;
			candidates.forEach((c, i) => {
				if (chosen.includes(i)) return;
				const dist = Math.min(
					...chosen.map((j) => imageQuality(candidates[j] as Float32Array, c).mse)
				);
				if (dist > bestDist) [best, bestDist] = [i, dist];
			});
			chosen.push(best);
		}
		chosen.forEach((j, i) => recon.set(candidates[j] as Float32Array, i * d));
	} else {
		const attack = new DlgAttack({
			model,
			weights,
			target: shared,
			batch: b,
			loss: (input.attack === 'dlg' ? 'l2' : 'cosine') as MatchLoss,
			labels: guessed,
			learningRate: input.learningRate ?? 0.05,
			tv: input.tv,
			rng: createRng(input.seed + 2)
		});
		try {
			const total = input.iterations ?? 300;
			const every = input.every ?? total;
			while (attack.iteration < total) {
				const loss = attack.step(Math.min(every, total - attack.iteration));
				const go = await input.onProgress?.({
					iteration: attack.iteration,
					loss,
					images: attack.images()
				});
				if (go === false) break;
			}
			iterations = attack.iteration;
			recon = attack.images();
		} finally {
			attack.dispose();
		}
	}
	return { results: score(input, recon, b, guessed), reconstructions: recon, iterations };
}

/** Scores each reconstruction against its best-matching client image (one-to-one, greedily). */
function score(
	input: InversionInput,
	recon: Float32Array,
	b: number,
	guessed: readonly number[]
): ImageResult[] {
	const d = input.model.inputs;
	const n = input.labels.length;
	const pairs: { r: number; t: number; psnr: number; mse: number }[] = [];
	for (let r = 0; r < b; r++)
		for (let t = 0; t < n; t++) {
			const q = imageQuality(
				input.images.subarray(t * d, (t + 1) * d),
				recon.subarray(r * d, (r + 1) * d)
			);
			pairs.push({ r, t, ...q });
		}
	pairs.sort((p, q) => p.mse - q.mse);
	const usedR = new Set<number>();
	const usedT = new Set<number>();
	const match: (typeof pairs)[number][] = [];
	for (const p of pairs) {
		if (usedR.has(p.r) || (usedT.has(p.t) && b <= n)) continue;
		usedR.add(p.r);
		usedT.add(p.t);
		match[p.r] = p;
	}
	const truth = match.map((m) => input.labels[m.t] as number);
	const recovered = labelsMatched(truth, guessed);
	return match.map((m, r) => ({
		image: r,
		matched: m.t,
		label: truth[r] as number,
		labelGuess: (recovered[r] ? truth[r] : guessed[r]) as number,
		labelRecovered: recovered[r] as boolean,
		psnr: m.psnr,
		mse: m.mse
	}));
}
