import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { registerMissingWasmKernels } from './wasm-kernels';

type Pad = 'same' | 'valid' | number;

interface ConvCase {
	readonly h: number;
	readonly w: number;
	readonly inC: number;
	readonly outC: number;
	readonly k: number;
	readonly stride: number;
	readonly pad: Pad;
}

const BATCH = 4;

/** Deterministic pseudo-random values in [-1, 1). */
function values(n: number, seed: number): Float32Array {
	const out = new Float32Array(n);
	let s = seed >>> 0 || 1;
	for (let i = 0; i < n; i++) {
		s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
		out[i] = s / 2 ** 31 - 1;
	}
	return out;
}

/** d(sum(conv2d(x, f) * r))/df on the current backend (r makes every output position count). */
function filterGrad(c: ConvCase): Float32Array {
	return tf.tidy(() => {
		const x = tf.tensor4d(values(BATCH * c.h * c.w * c.inC, 1), [BATCH, c.h, c.w, c.inC]);
		const f = tf.tensor4d(values(c.k * c.k * c.inC * c.outC, 2), [c.k, c.k, c.inC, c.outC]);
		const y = tf.conv2d(x, f, c.stride, c.pad);
		const r = tf.tensor(values(y.size, 3), y.shape);
		const g = tf.grad((ff) => tf.sum(tf.mul(tf.conv2d(x, ff as tf.Tensor4D, c.stride, c.pad), r)));
		return g(f).dataSync() as Float32Array;
	});
}

function maxAbsDiff(a: Float32Array, b: Float32Array): number {
	expect(a.length).toBe(b.length);
	let m = 0;
	for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs((a[i] ?? 0) - (b[i] ?? 0)));
	return m;
}

async function useBackend(name: 'wasm' | 'cpu'): Promise<void> {
	expect(await tf.setBackend(name)).toBe(true);
	await tf.ready();
}

function buildCnn(): tf.Sequential {
	const model = tf.sequential();
	model.add(
		tf.layers.conv2d({
			inputShape: [28, 28, 1],
			filters: 8,
			kernelSize: 5,
			padding: 'same',
			activation: 'relu'
		})
	);
	model.add(tf.layers.maxPooling2d({ poolSize: 2 }));
	model.add(tf.layers.conv2d({ filters: 16, kernelSize: 3, activation: 'relu' }));
	model.add(tf.layers.maxPooling2d({ poolSize: 2 }));
	model.add(tf.layers.flatten());
	model.add(tf.layers.dense({ units: 10, activation: 'softmax' }));
	return model;
}

/** Samples/s of `steps` SGD steps (batch 32, 28x28x1) on the current backend, after 1 warm-up. */
function trainSpeed(model: tf.Sequential, steps: number): { samplesPerSec: number; loss: number } {
	const batch = 32;
	const opt = tf.train.sgd(0.05);
	const xs = tf.tensor4d(values(batch * 28 * 28, 7).map(Math.abs), [batch, 28, 28, 1]);
	const ys = tf.oneHot(
		tf.tensor1d(
			Array.from({ length: batch }, (_, i) => i % 10),
			'int32'
		),
		10
	);
	const step = (): number => {
		const loss = opt.minimize(
			() => tf.losses.softmaxCrossEntropy(ys, model.apply(xs) as tf.Tensor) as tf.Scalar,
			true
		);
		if (loss == null) throw new Error('no loss');
		const v = loss.dataSync()[0] ?? NaN;
		loss.dispose();
		return v;
	};
	step(); // warm-up: creates optimizer state, XNNPACK operators, ...
	const before = tf.memory().numTensors;
	const t0 = performance.now();
	let loss = NaN;
	for (let i = 0; i < steps; i++) loss = step();
	const seconds = (performance.now() - t0) / 1000;
	expect(tf.memory().numTensors).toBe(before);
	xs.dispose();
	ys.dispose();
	opt.dispose();
	return { samplesPerSec: (steps * batch) / seconds, loss };
}

describe('wasm Conv2DBackpropFilter', () => {
	beforeAll(async () => {
		setWasmPaths(
			fileURLToPath(
				new URL('../../../node_modules/@tensorflow/tfjs-backend-wasm/dist/', import.meta.url)
			)
		);
		registerMissingWasmKernels();
		registerMissingWasmKernels(); // idempotent
		await useBackend('wasm');
	});

	it('is registered for wasm only', () => {
		const wasm = tf.getKernelsForBackend('wasm').map((k) => k.kernelName);
		expect(wasm).toContain('Conv2DBackpropFilter');
		expect(wasm).toContain('Conv2DBackpropInput');
		expect(wasm).toContain('MaxPoolGrad');
		expect(tf.getKernel('Conv2DBackpropFilter', 'cpu')?.kernelFunc).toBeDefined();
	});

	const cases: ConvCase[] = [];
	for (const stride of [1, 2])
		for (const pad of ['same', 'valid'] as const)
			for (const inC of [1, 3]) cases.push({ h: 9, w: 8, inC, outC: 5, k: 3, stride, pad });
	cases.push({ h: 28, w: 28, inC: 1, outC: 8, k: 5, stride: 1, pad: 'same' });
	cases.push({ h: 14, w: 14, inC: 8, outC: 16, k: 3, stride: 1, pad: 'valid' });
	cases.push({ h: 11, w: 10, inC: 3, outC: 4, k: 4, stride: 2, pad: 'same' });
	cases.push({ h: 11, w: 10, inC: 3, outC: 4, k: 3, stride: 2, pad: 1 });
	cases.push({ h: 10, w: 11, inC: 2, outC: 3, k: 2, stride: 3, pad: 'valid' });

	const diffs: string[] = [];
	it.each(cases)('matches cpu: %o', async (c) => {
		await useBackend('cpu');
		const want = filterGrad(c);
		await useBackend('wasm');
		const before = tf.memory().numTensors;
		const dataIdsBefore = tf.backend().numDataIds();
		// IS_TEST makes the engine check every kernel for leaked backend data ids.
		tf.env().set('IS_TEST', true);
		let got: Float32Array;
		try {
			got = filterGrad(c);
		} finally {
			tf.env().set('IS_TEST', false);
		}
		expect(tf.memory().numTensors).toBe(before);
		expect(tf.backend().numDataIds()).toBe(dataIdsBefore);
		const d = maxAbsDiff(got, want);
		diffs.push(`${JSON.stringify(c)} -> ${d.toExponential(2)}`);
		expect(d).toBeLessThan(1e-4);
	});

	it('matches cpu for NCHW via a direct kernel call', async () => {
		const run = (): Float32Array =>
			tf.tidy(() => {
				const x = tf.tensor4d(values(BATCH * 3 * 9 * 7, 4), [BATCH, 3, 9, 7]);
				const dy = tf.tensor4d(values(BATCH * 4 * 5 * 4, 5), [BATCH, 4, 5, 4]);
				const attrs = { strides: 2, pad: 'same', dataFormat: 'NCHW', filterShape: [3, 3, 3, 4] };
				const dw = tf.engine().runKernel('Conv2DBackpropFilter', { x, dy }, attrs) as tf.Tensor;
				return dw.dataSync() as Float32Array;
			});
		await useBackend('cpu');
		const want = run();
		await useBackend('wasm');
		const d = maxAbsDiff(run(), want);
		diffs.push(`NCHW -> ${d.toExponential(2)}`);
		expect(d).toBeLessThan(1e-4);
		console.log(`filter-gradient max abs diff wasm vs cpu:\n  ${diffs.join('\n  ')}`);
	});

	it('accepts bare TensorInfo inputs (kernelFunc called directly) without leaking', async () => {
		await useBackend('wasm');
		const x = tf.tensor4d(values(BATCH * 7 * 6 * 2, 8), [BATCH, 7, 6, 2]);
		const dy = tf.tensor4d(values(BATCH * 4 * 3 * 3, 9), [BATCH, 4, 3, 3]);
		const attrs = { strides: 2, pad: 'same', dataFormat: 'NHWC', filterShape: [3, 3, 2, 3] };
		const viaOp = tf.engine().runKernel('Conv2DBackpropFilter', { x, dy }, attrs) as tf.Tensor;
		const dataIdsBefore = tf.backend().numDataIds();
		const kernel = tf.getKernel('Conv2DBackpropFilter', 'wasm');
		if (kernel == null) throw new Error('kernel not registered');
		const bare = (t: tf.Tensor): tf.TensorInfo => ({
			dataId: t.dataId,
			shape: t.shape,
			dtype: t.dtype
		});
		const out = kernel.kernelFunc({
			inputs: { x: bare(x), dy: bare(dy) },
			backend: tf.backend(),
			attrs
		}) as tf.TensorInfo;
		expect(tf.backend().numDataIds()).toBe(dataIdsBefore + 1);
		const viaFunc = tf.engine().makeTensorFromTensorInfo(out);
		expect(maxAbsDiff(viaFunc.dataSync() as Float32Array, viaOp.dataSync() as Float32Array)).toBe(
			0
		);
		tf.dispose([x, dy, viaOp, viaFunc]);
		expect(tf.backend().numDataIds()).toBe(dataIdsBefore - 3);
	});

	it('throws a clear error for dy that does not match the forward shapes', async () => {
		await useBackend('wasm');
		const x = tf.zeros([2, 8, 8, 1]);
		const dy = tf.zeros([2, 5, 5, 4]);
		const attrs = { strides: 1, pad: 'same', dataFormat: 'NHWC', filterShape: [3, 3, 1, 4] };
		expect(() => tf.engine().runKernel('Conv2DBackpropFilter', { x, dy }, attrs)).toThrow(
			/does not match/
		);
		tf.dispose([x, dy]);
	});

	it('trains the small MNIST CNN on wasm without leaking tensors', async () => {
		await useBackend('wasm');
		const model = buildCnn();
		const { samplesPerSec, loss } = trainSpeed(model, 10);
		expect(Number.isFinite(loss)).toBe(true);
		console.log(`wasm CNN training: ${samplesPerSec.toFixed(0)} samples/s (batch 32, 28x28x1)`);
		model.dispose();
	});
});
