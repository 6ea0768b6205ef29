/** `npm run sim` with the privacy block: ε on every line and in the CSV, δ in the summary. */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const dir = mkdtempSync(join(tmpdir(), 'dlp-privacy-'));

function sim(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
	return new Promise((resolve) => {
		execFile('npx', ['tsx', 'src/cli/sim.ts', ...args], (err, stdout, stderr) =>
			resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr })
		);
	});
}

const scenario = (privacy: object) => ({
	dataset: 'blobs',
	rounds: 3,
	clients: 6,
	model: { kind: 'mlp', hidden: [8] },
	algorithm: { kind: 'fedavg', clientFraction: 0.5 },
	privacy
});

describe('npm run sim with DP', () => {
	it('prints epsilon per round, epsilon and delta in the summary, an epsilon CSV column', async () => {
		const file = join(dir, 'dp.json');
		const out = join(dir, 'dp.csv');
		writeFileSync(file, JSON.stringify(scenario({ dp: { clip: 1, noiseMultiplier: 1.2 } })));
		const r = await sim(file, '--out', out, '--quiet', '--workers', '1');
		expect(r.code, r.stderr).toBe(0);
		const lines = r.stdout
			.trim()
			.split('\n')
			.map((l) => JSON.parse(l));
		const rounds = lines.filter((l) => !l.summary);
		expect(rounds).toHaveLength(3);
		expect(rounds.every((l) => typeof l.epsilon === 'number' && l.epsilon > 0)).toBe(true);
		expect(rounds[2].epsilon).toBeGreaterThan(rounds[0].epsilon);
		expect(lines.at(-1)).toMatchObject({ summary: true, epsilon: rounds[2].epsilon, delta: 1e-5 });
		const csv = readFileSync(out, 'utf8').trim().split('\n');
		expect(csv[0]).toBe('round,simTime,accuracy,loss,bytesUp,bytesDown,epsilon');
		expect(Number(csv[3]?.split(',').at(-1))).toBe(rounds[2].epsilon);
	});

	it('warns that σ = 0 is no privacy, and refuses secure aggregation with Krum', async () => {
		const file = join(dir, 'clip.json');
		writeFileSync(file, JSON.stringify(scenario({ dp: { clip: 1, noiseMultiplier: 0 } })));
		const r = await sim(file, '--quiet', '--workers', '1');
		expect(r.code).toBe(0);
		expect(r.stderr).toMatch(/clipping alone is not privacy, ε is infinite/);
		expect(JSON.parse(r.stdout.trim().split('\n').at(-1) as string).epsilon).toBe('Infinity');
		const bad = join(dir, 'krum.json');
		writeFileSync(
			bad,
			JSON.stringify({ ...scenario({ secureAggregation: true }), aggregator: { kind: 'krum' } })
		);
		const k = await sim(bad, '--quiet');
		expect(k.code).toBe(2);
		expect(k.stderr).toMatch(/privacy\.secureAggregation: the server sees only the sum/);
	});
});
