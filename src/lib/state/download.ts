/** Saves generated files from the page (a CSV, a PNG data URL, a JSON scenario). */

/** Triggers a download of `data` (text or a `data:` URL) as `filename`. */
export function download(filename: string, data: string, type = 'text/plain'): void {
	const url = data.startsWith('data:') ? data : URL.createObjectURL(new Blob([data], { type }));
	const a = document.createElement('a');
	a.href = url;
	a.download = filename;
	a.rel = 'noopener';
	a.style.display = 'none';
	document.body.append(a);
	a.click();
	a.remove();
	if (!data.startsWith('data:')) setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** A file name stamped with the chapter and the seed: `fedavg-seed42-metrics.csv`. */
export function fileName(stem: string, seed: unknown, what: string, ext: string): string {
	const clean = stem.replace(/[^a-z0-9-]+/gi, '-').replace(/^-|-$/g, '') || 'playground';
	return `${clean}-seed${String(seed)}-${what}.${ext}`;
}
