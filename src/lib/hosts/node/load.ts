/** Node-side dataset loading (CLI, benchmark, tests): the same typed arrays as the browser gets. */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
	MNIST_FILE,
	makeBlobs,
	parseMnistBinary,
	type Dataset,
	type DatasetName
} from '../../sim/core/dataset';
import { createRng } from '../../sim/core/rng';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');

/** Reads static/data/mnist.bin (or `file`); a missing file gives an error that names the fix. */
export function loadMnistNode(file = join(root, 'static', MNIST_FILE)): Dataset {
	let bytes: Buffer;
	try {
		bytes = readFileSync(file);
	} catch {
		throw new Error(
			`${file} is missing. Run \`npm install\` (or \`node scripts/build-data.mjs --force\`) to build it.`
		);
	}
	const buf = bytes.buffer.slice(
		bytes.byteOffset,
		bytes.byteOffset + bytes.byteLength
	) as ArrayBuffer;
	return parseMnistBinary(buf, file);
}

const cache = new Map<DatasetName, Dataset>();

/** The dataset a scenario names; MNIST is read once per process. Blobs use a fixed seed. */
export function loadDatasetNode(name: DatasetName): Dataset {
	let d = cache.get(name);
	if (!d) {
		d = name === 'mnist' ? loadMnistNode() : makeBlobs(createRng(7));
		cache.set(name, d);
	}
	return d;
}
