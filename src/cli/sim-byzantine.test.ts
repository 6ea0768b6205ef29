/** `npm run sim` with Byzantine scenarios: the examples parse, impossible settings fail clearly. */
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../lib/sim/scenario';

const dir = mkdtempSync(join(tmpdir(), 'dlp-byz-'));

function sim(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
	return new Promise((resolve) => {
		execFile('npx', ['tsx', 'src/cli/sim.ts', ...args], (err, stdout, stderr) =>
			resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr })
		);
	});
}

describe('npm run sim with Byzantine clients', () => {
	const examples = readdirSync('examples').filter((f) => f.startsWith('byzantine-signflip-'));

	it.each(examples)('examples/%s is a valid scenario with 30%% sign-flip attackers', (file) => {
		const r = parseScenario(readFileSync(join('examples', file), 'utf8'));
		expect(r.ok).toBe(true);
		if (r.ok)
			expect(r.scenario.byzantine).toMatchObject({ fraction: 0.3, attack: { kind: 'signFlip' } });
	});

	it('covers the mean and the four robust rules', () => {
		expect(examples.sort()).toEqual([
			'byzantine-signflip-gmom.json',
			'byzantine-signflip-krum.json',
			'byzantine-signflip-mean.json',
			'byzantine-signflip-median.json',
			'byzantine-signflip-trimmed-mean.json'
		]);
	});

	it('refuses Krum with too many attackers: exit 2, the condition and the numbers', async () => {
		const file = join(dir, 'krum-40.json');
		const krum = JSON.parse(readFileSync('examples/byzantine-signflip-krum.json', 'utf8'));
		writeFileSync(file, JSON.stringify({ ...krum, byzantine: { fraction: 0.4 } }));
		const r = await sim(file);
		expect(r.code).toBe(2);
		expect(r.stderr).toMatch(/not a valid scenario/);
		expect(r.stderr).toMatch(/Krum needs n > 2f \+ 2 updates per round, but n = 10 and f = 4/);
		expect(r.stdout).toBe('');
	});

	it('runs a void guarantee with a warning on stderr', async () => {
		const file = join(dir, 'mom-5.json');
		writeFileSync(
			file,
			JSON.stringify({
				dataset: 'blobs',
				rounds: 1,
				clients: 10,
				model: { kind: 'mlp', hidden: [8] },
				algorithm: { kind: 'fedavg', clientFraction: 1 },
				byzantine: { fraction: 0.3 },
				aggregator: { kind: 'medianOfMeans', groups: 5 }
			})
		);
		const r = await sim(file, '--quiet');
		expect(r.code).toBe(0);
		expect(r.stderr).toMatch(/sim: warning: aggregator.groups: .*q ≥ k\/2/);
		expect(r.stdout.trim().split('\n').at(-1)).toMatch(/"summary":true/);
	});
});
