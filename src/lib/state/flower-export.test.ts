import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { scenarioOrThrow } from '$lib/sim/scenario';
import { flowerAppZip } from './flower-export';

describe('flowerAppZip (Share & export → Flower app)', () => {
	it('zips the app of a blobs scenario without fetching anything', async () => {
		const r = await flowerAppZip(scenarioOrThrow({ dataset: 'blobs', clients: 4 }), 'unused');
		if (!r.ok) throw new Error(r.errors.join('\n'));
		const paths = Object.keys(unzipSync(r.zip));
		expect(paths).toContain(`${r.name}/pyproject.toml`);
		expect(paths).toContain(`${r.name}/playground_app/server_app.py`);
	});

	it('returns the refusals, each naming its field', async () => {
		const r = await flowerAppZip(
			scenarioOrThrow({ dataset: 'blobs', algorithm: { kind: 'fedbuff' } }),
			'unused'
		);
		expect(r.ok).toBe(false);
		if (!r.ok) expect(r.errors[0]).toMatch(/^algorithm\.kind = "fedbuff": /);
	});
});
