/**
 * Datasets as plain typed arrays, the same in the browser and in Node. MNIST comes from the binary
 * that scripts/build-data.mjs writes (see its header for the layout); `blobs` is a tiny synthetic
 * 2-D problem for instant demos and fast tests.
 */
import type { Rng } from './rng';

export type DatasetName = 'mnist' | 'blobs';

/** One split: `n` samples, features row-major in `x` (n × features), integer labels in `y`. */
export interface Split {
	readonly n: number;
	readonly x: Float32Array;
	readonly y: Uint8Array;
}

export interface Dataset {
	readonly name: DatasetName;
	/** Shape of one sample, e.g. [28, 28, 1] or [2]. */
	readonly inputShape: readonly number[];
	readonly numClasses: number;
	readonly train: Split;
	readonly test: Split;
}

/** Number of features of one sample. */
export function featureCount(d: Pick<Dataset, 'inputShape'>): number {
	return d.inputShape.reduce((a, b) => a * b, 1);
}

/** Where the MNIST binary lives, relative to the site root or the repository root (`static/`). */
export const MNIST_FILE = 'data/mnist.bin';
const HEADER = 32;
const FIX = 'Run `npm install` (or `node scripts/build-data.mjs --force`) to rebuild it.';

/** Parses the MNIST binary; throws a readable error naming the file and the fix when it is bad. */
export function parseMnistBinary(buf: ArrayBuffer, fileName = MNIST_FILE): Dataset {
	const bad = (why: string) => new Error(`${fileName} is ${why}. ${FIX}`);
	if (buf.byteLength < HEADER) throw bad(`too short (${buf.byteLength} bytes)`);
	const view = new DataView(buf);
	const magic = String.fromCharCode(...new Uint8Array(buf, 0, 8));
	if (magic !== 'DLPMNIST') throw bad('not an MNIST file of this project (bad magic)');
	if (view.getUint32(8, true) !== 1) throw bad('of an unknown version');
	const nTrain = view.getUint32(12, true);
	const nTest = view.getUint32(16, true);
	const px = view.getUint32(20, true) * view.getUint32(24, true);
	const n = nTrain + nTest;
	if (buf.byteLength !== HEADER + n * (1 + px)) throw bad('truncated or corrupt (wrong size)');
	const body = new Uint8Array(buf, HEADER);
	let hash = 0x811c9dc5;
	for (let i = 0; i < body.length; i++)
		hash = Math.imul(hash ^ (body[i] as number), 0x01000193) >>> 0;
	if (hash !== view.getUint32(28, true)) throw bad('corrupt (checksum mismatch)');
	const split = (offset: number, count: number): Split => {
		const y = body.slice(offset, offset + count);
		const x = new Float32Array(count * px);
		const src = body.subarray(n + offset * px, n + (offset + count) * px);
		for (let i = 0; i < x.length; i++) x[i] = (src[i] as number) / 255;
		return { n: count, x, y };
	};
	return {
		name: 'mnist',
		inputShape: [view.getUint32(20, true), view.getUint32(24, true), 1],
		numClasses: 10,
		train: split(0, nTrain),
		test: split(nTrain, nTest)
	};
}

/** Loads MNIST in the browser (or any fetch-capable runtime) from `url`. */
export async function fetchMnist(url: string, fetcher: typeof fetch = fetch): Promise<Dataset> {
	let res: Response;
	try {
		res = await fetcher(url);
	} catch (e) {
		throw new Error(`Could not load ${url}: ${(e as Error).message}. ${FIX}`, { cause: e });
	}
	if (!res.ok) throw new Error(`Could not load ${url} (HTTP ${res.status}). ${FIX}`);
	return parseMnistBinary(await res.arrayBuffer(), url);
}

/**
 * Four Gaussian blobs in 2-D, one per class, with some overlap: learnable in a few rounds by a
 * tiny MLP, yet not trivially separable.
 */
export function makeBlobs(rng: Rng, nTrain = 2000, nTest = 500): Dataset {
	const centres = [
		[-1, -1],
		[1, -1],
		[-1, 1],
		[1, 1]
	] as const;
	const make = (n: number): Split => {
		const x = new Float32Array(n * 2);
		const y = new Uint8Array(n);
		for (let i = 0; i < n; i++) {
			const c = i % 4;
			const [cx, cy] = centres[c] as readonly [number, number];
			y[i] = c;
			x[2 * i] = cx + 0.55 * rng.normal();
			x[2 * i + 1] = cy + 0.55 * rng.normal();
		}
		return { n, x, y };
	};
	return { name: 'blobs', inputShape: [2], numClasses: 4, train: make(nTrain), test: make(nTest) };
}
