import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const dir = mkdtempSync(join(tmpdir(), 'dlp-sweep-'));

function sweep(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
	return new Promise((resolve) => {
		execFile('npx', ['tsx', 'src/cli/sweep.ts', ...args], (err, stdout, stderr) =>
			resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr })
		);
	});
}

/** The output lines without the real time each cell took. */
const figures = (stdout: string) =>
	stdout
		.trim()
		.split('\n')
		.map((l) => {
			const { wallSeconds: _, ...rest } = JSON.parse(l) as Record<string, unknown>;
			return rest;
		});

describe('npm run sweep', () => {
	const grid = join(dir, 'grid.json');
	let pooled = '';

	it('prints one JSON line per cell, refusals with the reason, then the worst case per rule', async () => {
		writeFileSync(
			grid,
			JSON.stringify({
				base: {
					dataset: 'blobs',
					rounds: 2,
					clients: 10,
					model: { kind: 'mlp', hidden: [8] },
					algorithm: { kind: 'fedavg', clientFraction: 1 }
				},
				attacks: [{ kind: 'signFlip' }],
				rules: [{ kind: 'mean' }, { kind: 'median' }, { kind: 'bulyan' }],
				fractions: [0.3]
			})
		);
		const out = join(dir, 'cells.csv');
		// the two runnable cells at once, on two worker threads
		const r = await sweep(grid, '--out', out, '--quiet', '--workers', '2');
		expect(r.code).toBe(0);
		pooled = r.stdout;
		const lines = r.stdout
			.trim()
			.split('\n')
			.map((l) => JSON.parse(l));
		expect(lines).toHaveLength(6);
		expect(lines[0]).toMatchObject({ attack: 'signFlip', rule: 'mean', fraction: 0.3 });
		expect(typeof lines[1].finalAccuracy).toBe('number');
		expect(lines[1].finalAccuracy).toBeGreaterThan(lines[0].finalAccuracy);
		expect(lines[2].refused[0]).toMatch(/Bulyan needs n ≥ 4f \+ 3/);
		expect(lines.slice(3).map((l) => [l.worstCase, l.rule])).toEqual([
			[true, 'mean'],
			[true, 'median'],
			[true, 'bulyan']
		]);
		expect(readFileSync(out, 'utf8').split('\n')[0]).toBe(
			'attack,rule,byzantineFraction,alpha,finalAccuracy,attackSuccess,diverged'
		);
	});

	it('gives the same lines in the same order one cell after another (--workers 1)', async () => {
		expect(pooled).not.toBe('');
		const r = await sweep(grid, '--quiet', '--workers', '1');
		expect(r.code).toBe(0);
		expect(figures(r.stdout)).toEqual(figures(pooled));
	});

	it('refuses a bad --workers with the option named', async () => {
		const r = await sweep(grid, '--workers', '0');
		expect(r.code).toBe(2);
		expect(r.stderr).toMatch(/--workers needs a whole number ≥ 1 \(got 0\)/);
	});

	it('refuses a bad grid with the field named and exit code 2', async () => {
		const grid = join(dir, 'bad.json');
		writeFileSync(grid, JSON.stringify({ base: {}, attacks: [{}], rules: [{ kind: 'mean' }] }));
		const r = await sweep(grid);
		expect(r.code).toBe(2);
		expect(r.stderr).toMatch(/attacks\[0\]: must be objects with a "kind"/);
	});
});
