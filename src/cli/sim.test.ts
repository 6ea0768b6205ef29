import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const dir = mkdtempSync(join(tmpdir(), 'dlp-sim-'));

function sim(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
	return new Promise((resolve) => {
		execFile('npx', ['tsx', 'src/cli/sim.ts', ...args], (err, stdout, stderr) =>
			resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr })
		);
	});
}

describe('npm run sim', () => {
	it('runs a scenario: one JSON line per round, a summary, and the CSV', async () => {
		const out = join(dir, 'm.csv');
		const r = await sim('examples/blobs-quick.json', '--out', out);
		expect(r.code).toBe(0);
		const lines = r.stdout
			.trim()
			.split('\n')
			.map((l) => JSON.parse(l));
		expect(lines).toHaveLength(6);
		expect(Object.keys(lines[0])).toEqual([
			'round',
			'simTime',
			'accuracy',
			'loss',
			'bytesUp',
			'bytesDown'
		]);
		expect(lines.at(-1)).toMatchObject({ summary: true, rounds: 5 });
		expect(lines[4].accuracy).toBeGreaterThan(0.5);
		expect(r.stderr).toContain('round 5/5');
		const csv = readFileSync(out, 'utf8').trim().split('\n');
		expect(csv[0]).toBe('round,simTime,accuracy,loss,bytesUp,bytesDown');
		expect(csv).toHaveLength(6);
	});

	it.each([
		[['missing.json'], /cannot read missing\.json/],
		[[], /no scenario file/],
		[['--bogus', 'x.json'], /unknown option/]
	])('fails clearly with exit 2 for %j', async (args, msg) => {
		const r = await sim(...args);
		expect(r.code).toBe(2);
		expect(r.stderr).toMatch(msg);
		expect(r.stdout).toBe('');
	});

	it('rejects an invalid scenario naming the field, and writes nothing', async () => {
		const bad = join(dir, 'bad.json');
		const out = join(dir, 'never.csv');
		writeFileSync(bad, JSON.stringify({ rounds: 0, algorithm: { kind: 'fedavg', speed: 3 } }));
		const r = await sim(bad, '--out', out);
		expect(r.code).toBe(2);
		expect(r.stderr).toContain('rounds');
		expect(r.stderr).toContain('algorithm.speed');
		expect(existsSync(out)).toBe(false);
		writeFileSync(bad, '{ not json');
		expect((await sim(bad)).stderr).toMatch(/not valid JSON/);
	});
});
