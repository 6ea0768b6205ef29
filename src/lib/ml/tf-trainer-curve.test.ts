/**
 * The local loss curve of the real tfjs trainer (`TrainResult.losses`, the client card's
 * sparkline): one mean per stretch of batches whose batch-weighted mean is the training's loss,
 * read once at the end with no tensor left behind.
 */
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initNodeBackend } from './backend';
import { TfTrainer } from './tf-trainer';
import { makeBlobs } from '../sim/core/dataset';
import { curveMarks } from '../sim/core/loss-curve';
import { createRng } from '../sim/core/rng';
import type { TrainJob } from '../sim/core/trainer';

let trainer: TfTrainer;
let w0: Float32Array;
// 50 samples, B = 16: 4 batches a pass
const indices = Int32Array.from({ length: 50 }, (_, i) => i * 3);

beforeAll(async () => {
	await initNodeBackend('wasm');
	trainer = new TfTrainer(makeBlobs(createRng(7), 400, 100), { kind: 'mlp', hidden: [4] });
	w0 = trainer.initialWeights(createRng(1));
});
afterAll(() => trainer.dispose());

const train = (over: Partial<TrainJob>) =>
	trainer.train(w0, {
		indices,
		epochs: 1,
		batchSize: 16,
		learningRate: 0.1,
		rng: createRng(99),
		...over
	});

/** Σ curve_i · (batches in stretch i) / all batches. */
function weightedMean(curve: readonly number[], batches: number): number {
	const marks = curveMarks(batches);
	return curve.reduce((s, v, i) => s + v * ((marks[i] ?? 0) - (marks[i - 1] ?? 0)), 0) / batches;
}

describe('TfTrainer loss curve', () => {
	it('one point per batch when there are few: their mean is the loss', async () => {
		const r = await train({ epochs: 1 });
		expect(r.losses).toHaveLength(4);
		expect(weightedMean(r.losses ?? [], 4)).toBeCloseTo(r.loss, 5);
	});

	it('at most 16 points for 40 batches, batch-weighted mean = the loss, and the loss falls', async () => {
		const r = await train({ epochs: 10 });
		const curve = r.losses ?? [];
		expect(curve).toHaveLength(16);
		expect(weightedMean(curve, 40)).toBeCloseTo(r.loss, 5);
		expect(curve.at(-1) as number).toBeLessThan(curve[0] as number);
	});

	it('local steps: one stretch per step up to 16', async () => {
		expect((await train({ steps: 3 })).losses).toHaveLength(3);
		expect((await train({ steps: 1 })).losses).toHaveLength(1);
	});

	it('same job, same curve, loss and weights; no tensor left behind', async () => {
		const before = tf.memory().numTensors;
		const a = await train({ epochs: 2 });
		expect(tf.memory().numTensors).toBe(before);
		const b = await train({ epochs: 2 });
		expect(b.loss).toBe(a.loss);
		expect(b.weights).toEqual(a.weights);
		expect(b.losses).toEqual(a.losses);
	});
});
