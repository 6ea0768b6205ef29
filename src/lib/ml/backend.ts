/**
 * Picks the tfjs backend. In Node: `wasm` (SIMD), falling back to `cpu` with a message. In the
 * browser the worker measures the candidates (see `pickFastestBackend`) because names lie:
 * WebGL on a software rasteriser is slower than wasm.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { registerMissingWasmKernels } from './wasm-kernels';
import { registerFastWasmMatMul } from './wasm-matmul';

export type BackendName = 'wasm' | 'cpu' | 'webgl' | 'webgpu';

/** Where to find the .wasm binaries (the browser passes Vite's `?url` imports). */
export type WasmPaths = Parameters<typeof setWasmPaths>[0];

let wasmPathsSet = false;

/** Switches to `name` and waits until it is ready; returns false if it cannot start here. */
export async function trySetBackend(name: BackendName, wasmPaths?: WasmPaths): Promise<boolean> {
	try {
		if (name === 'wasm') {
			if (wasmPaths && !wasmPathsSet) {
				setWasmPaths(wasmPaths);
				wasmPathsSet = true;
			}
			registerMissingWasmKernels();
			registerFastWasmMatMul();
		}
		const ok = await tf.setBackend(name);
		if (!ok) return false;
		await tf.ready();
		return tf.getBackend() === name;
	} catch {
		return false;
	}
}

/**
 * Node: `wasm`, or `cpu` when wasm cannot start (`log` says so). Call before any tensor op:
 * importing the wasm backend makes it the default.
 */
export async function initNodeBackend(
	preferred: BackendName = 'wasm',
	log: (msg: string) => void = (m) => console.warn(m)
): Promise<BackendName> {
	if (await trySetBackend(preferred)) return preferred;
	log(`tfjs: the ${preferred} backend could not start; falling back to cpu (much slower).`);
	await tf.setBackend('cpu');
	await tf.ready();
	return 'cpu';
}

/** The backend in use. */
export function currentBackend(): string {
	return tf.getBackend();
}
