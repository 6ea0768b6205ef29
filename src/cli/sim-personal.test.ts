/** `npm run sim` on a run with per-client test splits: one `clients` line per model and round. */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const dir = mkdtempSync(join(tmpdir(), 'dlp-sim-personal-'));

function sim(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
	return new Promise((resolve) => {
		execFile('npx', ['tsx', 'src/cli/sim.ts', ...args], (err, stdout, stderr) =>
			resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr })
		);
	});
}

describe('npm run sim with per-client evaluation', () => {
	it('prints the spread of the clients’ accuracies per model and round; the CSV is unchanged', async () => {
		// examples/ifca-label-groups.json with FedAvg + fine-tune instead of IFCA, 3 rounds
		const scenario = JSON.parse(readFileSync('examples/ifca-label-groups.json', 'utf8'));
		scenario.rounds = 3;
		scenario.algorithm.clusters = 1;
		scenario.personalization.fineTuneEpochs = 1;
		const file = join(dir, 'fine-tune.json');
		const out = join(dir, 'm.csv');
		writeFileSync(file, JSON.stringify(scenario));
		const r = await sim(file, '--workers', '1', '--quiet', '--out', out);
		expect(r.code, r.stderr).toBe(0);
		const lines = r.stdout
			.trim()
			.split('\n')
			.map((l) => JSON.parse(l));
		const clients = lines.filter((l) => 'clients' in l);
		expect(clients.map((l) => `${l.clients}@${l.round}`)).toEqual([
			'global@1',
			'fineTuned@1',
			'global@2',
			'fineTuned@2',
			'global@3',
			'fineTuned@3'
		]);
		for (const l of clients) {
			expect(Object.keys(l)).toEqual(['clients', 'round', 'n', 'mean', 'min', 'p10', 'p90', 'max']);
			expect(l.n).toBe(8);
			expect(l.min).toBeLessThanOrEqual(l.p10);
			expect(l.p10).toBeLessThanOrEqual(l.mean);
			expect(l.mean).toBeLessThanOrEqual(l.p90);
			expect(l.p90).toBeLessThanOrEqual(l.max);
		}
		// two label-permuted groups: one global model cannot serve both, each fine-tuned copy can
		const last = clients.slice(-2);
		expect(last[1].mean).toBeGreaterThan(last[0].mean + 0.2);
		expect(lines.filter((l) => 'accuracy' in l)).toHaveLength(3);
		expect(lines.at(-1)).toMatchObject({ summary: true, rounds: 3 });
		expect(readFileSync(out, 'utf8').split('\n')[0]).toBe(
			'round,simTime,accuracy,loss,bytesUp,bytesDown'
		);
	}, 120_000);
});
