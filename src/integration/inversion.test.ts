/**
 * Gradient inversion with real tfjs gradients (wasm backend in Node): what one update leaks, and
 * what makes it harder. Small budgets so that the file runs in seconds on two cores; the chapter
 * and `npm run inversion` use the scenario's default MLP (784-200-200-10).
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initNodeBackend } from '../lib/ml/backend';
import { DlgAttack } from '../lib/ml/inversion/dlg';
import { mlpShapes, runInversion } from '../lib/ml/inversion/experiment';
import { gradientModel } from '../lib/ml/inversion/gradient-model';
import { mlpGradientFlat } from '../lib/ml/inversion/mlp-gradient';
import { glorotInit } from '../lib/ml/weights';
import { loadMnistNode } from '../lib/hosts/node/load';
import { createRng } from '../lib/sim/core/rng';
import { reconstructFromFirstLayer } from '../lib/sim/privacy/inversion/analytic';
import { labelFromLastLayer } from '../lib/sim/privacy/inversion/idlg-label';
import type { Dataset } from '../lib/sim/core/dataset';

const D = 784;
/** A one-hidden-layer MLP: the scenario's `{"kind": "mlp", "hidden": [64]}`. */
const SIZES = [D, 64, 10];
const MLP = gradientModel({ kind: 'mlp', hidden: [64] });
let data: Dataset;

beforeAll(async () => {
	await initNodeBackend('wasm');
	data = loadMnistNode();
});

/** The first training digits, optionally one per label. */
function digits(count: number, distinctLabels = false): { x: Float32Array; labels: number[] } {
	const idx: number[] = [];
	for (let k = 0; idx.length < count; k++)
		if (!distinctLabels || !idx.some((j) => data.train.y[j] === data.train.y[k])) idx.push(k);
	const x = new Float32Array(count * D);
	idx.forEach((k, i) => x.set(data.train.x.subarray(k * D, (k + 1) * D), i * D));
	return { x, labels: idx.map((k) => data.train.y[k] as number) };
}

describe('exact leakage from one sample (Phong et al. 2017; iDLG, Zhao et al. 2020)', () => {
	it('the first layer gradient gives the digit back within 1e-4', () => {
		const sizes = [D, 200, 200, 10];
		const w = glorotInit(mlpShapes(sizes), createRng(1));
		const { x, labels } = digits(1);
		const g = mlpGradientFlat(w, sizes, x, labels);
		const r = reconstructFromFirstLayer(
			g.subarray(0, D * 200),
			g.subarray(D * 200, D * 200 + 200),
			D
		);
		expect(r).not.toBeNull();
		let worst = 0;
		for (let i = 0; i < D; i++) worst = Math.max(worst, Math.abs((r as Float32Array)[i]! - x[i]!));
		expect(worst).toBeLessThan(1e-4);
	});

	it('iDLG recovers the label for every one of the 10 classes', () => {
		const sizes = [D, 200, 200, 10];
		const w = glorotInit(mlpShapes(sizes), createRng(2));
		for (let c = 0; c < 10; c++) {
			const k = data.train.y.indexOf(c);
			const g = mlpGradientFlat(w, sizes, data.train.x.slice(k * D, (k + 1) * D), [c]);
			const gWL = g.subarray(g.length - 10 - 200 * 10, g.length - 10);
			expect(labelFromLastLayer(gWL, 10)).toBe(c);
		}
	});
});

describe('Deep Leakage from Gradients (Zhu et al. 2019)', () => {
	it('batch 1 reaches ≥ 20 dB within 150 iterations; the tensor count stays flat', async () => {
		const { x, labels } = digits(1);
		const r = await runInversion({
			model: MLP,
			seed: 1,
			images: x,
			labels,
			attack: 'dlg',
			shared: { kind: 'gradient' },
			iterations: 150
		});
		expect(r.results[0]?.labelRecovered).toBe(true);
		expect(r.results[0]?.psnr).toBeGreaterThanOrEqual(20);

		const w = glorotInit(mlpShapes(SIZES), createRng(1));
		const attack = new DlgAttack({
			model: MLP,
			weights: w,
			target: mlpGradientFlat(w, SIZES, x, labels),
			batch: 1,
			loss: 'cosine',
			labels,
			rng: createRng(3)
		});
		attack.step(2);
		const before = tf.memory().numTensors;
		attack.step(5);
		expect(tf.memory().numTensors).toBe(before);
		attack.dispose();
	});

	it('batch 4 (distinct labels, read from the bias gradient) reaches ≥ 20 dB on average', async () => {
		const { x, labels } = digits(4, true);
		const r = await runInversion({
			model: MLP,
			seed: 1,
			images: x,
			labels,
			attack: 'dlg',
			shared: { kind: 'gradient' },
			iterations: 300
		});
		expect(r.results.every((e) => e.labelRecovered)).toBe(true);
		const mean = r.results.reduce((s, e) => s + Math.min(e.psnr, 100), 0) / 4;
		expect(mean).toBeGreaterThanOrEqual(20);
	});

	it('fails against a FedAvg update (E = 1, B = 32) over 400 digits', async () => {
		const { x, labels } = digits(400);
		for (const attack of ['dlg', 'analytic'] as const) {
			const r = await runInversion({
				model: MLP,
				seed: 1,
				images: x,
				labels,
				attack,
				shared: { kind: 'fedavg', epochs: 1, batchSize: 32, learningRate: 0.1 },
				reconstruct: 1,
				iterations: 300
			});
			// the best-matching of the 400 digits is still far off
			expect(r.results[0]?.psnr).toBeLessThan(20);
		}
	});
});
