/**
 * Share & export → "Flower app (.zip)" in the page: fetches the bundled MNIST file, runs the same
 * exporter as `npm run export:flower` (src/lib/export/flower, loaded on demand: it embeds the
 * Python template) and saves the zip. A scenario the export cannot carry gives the reasons, each
 * naming its field, and saves nothing.
 */
import { makeBlobs, parseMnistBinary, type Dataset } from '$lib/sim/core/dataset';
import { createRng } from '$lib/sim/core/rng';
import type { Scenario } from '$lib/sim/scenario';

export type FlowerZip =
	{ ok: true; name: string; zip: Uint8Array } | { ok: false; errors: string[] };

/** The Flower app of `scenario` as a zip (MNIST read from `mnistUrl`). */
export async function flowerAppZip(scenario: Scenario, mnistUrl: string): Promise<FlowerZip> {
	const { exportFlowerApp, zipFlowerApp } = await import('$lib/export/flower/app');
	let dataset: Dataset;
	let mnistBin: Uint8Array | undefined;
	if (scenario.dataset === 'mnist') {
		const res = await fetch(mnistUrl);
		if (!res.ok) return { ok: false, errors: [`could not load ${mnistUrl} (HTTP ${res.status})`] };
		const buf = await res.arrayBuffer();
		dataset = parseMnistBinary(buf, mnistUrl);
		mnistBin = new Uint8Array(buf);
	} else dataset = makeBlobs(createRng(7)); // the blobs of every host (seed 7)
	const r = exportFlowerApp({ scenario, dataset, ...(mnistBin && { mnistBin }) });
	return r.ok ? { ok: true, name: r.name, zip: zipFlowerApp(r.name, r.files) } : r;
}

/** Saves `bytes` as `filename`. */
export function saveBytes(filename: string, bytes: Uint8Array, type = 'application/zip'): void {
	const url = URL.createObjectURL(new Blob([bytes as Uint8Array<ArrayBuffer>], { type }));
	const a = document.createElement('a');
	a.href = url;
	a.download = filename;
	a.rel = 'noopener';
	a.click();
	setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
