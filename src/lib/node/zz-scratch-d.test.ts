import { it } from 'vitest';
import { initNodeBackend } from '../ml/backend';
import { measureLabelLeakage } from '../ml/label-leakage';
import { loadDatasetNode } from './load';
import * as tf from '@tensorflow/tfjs';

it('leak', async () => {
	await initNodeBackend('wasm');
	const ds = loadDatasetNode('mnist');
	for (const protection of ['none', 'maxNorm'] as const) {
		const t0 = performance.now();
		const before = tf.memory().numTensors;
		const r = await measureLabelLeakage(ds, { digit: 3, model: { kind: 'mlp', hidden: [128, 64] }, cutLayer: 2, topLayers: 1, epochs: 1, batchSize: 64, learningRate: 0.1, seed: 1, protection, window: 25 });
		console.log(protection, JSON.stringify({ ...r, points: r.points.map(p => [p.batch, p.normAuc.toFixed(3), p.cosineAuc.toFixed(3)]) }), (performance.now() - t0).toFixed(0), before, tf.memory().numTensors);
	}
});
