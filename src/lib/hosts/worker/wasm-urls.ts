/**
 * The tfjs wasm binaries as Vite-served URLs, made absolute against the page so the worker can
 * fetch them from any sub-path. Imported by the page side only (the worker gets them in `init`).
 */
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import type { WasmUrls } from './engine-protocol';

/** `url` made absolute against `base`. */
export function absoluteUrl(url: string, base: string): string {
	return new URL(url, base).href;
}

/** File name → absolute URL, resolved against `base` (the page's URL). */
export function wasmUrls(base: string): WasmUrls {
	return {
		'tfjs-backend-wasm.wasm': new URL(wasmPlain, base).href,
		'tfjs-backend-wasm-simd.wasm': new URL(wasmSimd, base).href,
		'tfjs-backend-wasm-threaded-simd.wasm': new URL(wasmThreaded, base).href
	};
}
