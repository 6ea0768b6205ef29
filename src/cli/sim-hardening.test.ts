import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const dir = mkdtempSync(join(tmpdir(), 'dlp-hard-'));

function sim(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
	return new Promise((resolve) => {
		execFile(
			'npx',
			['tsx', 'src/cli/sim.ts', ...args],
			{ maxBuffer: 64 * 1024 * 1024 },
			(err, stdout, stderr) =>
				resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr })
		);
	});
}

function file(name: string, text: string): string {
	const p = join(dir, name);
	writeFileSync(p, text);
	return p;
}

describe('npm run sim: bad input is named, bounded, and writes nothing', () => {
	it('names every unknown key, exits 2 and writes no CSV', async () => {
		const out = join(dir, 'unknown.csv');
		const f = file('unknown.json', '{"a":1,"b":2,"algorithm":{"kind":"fedavg","foo":1,"bar":2}}');
		const r = await sim(f, '--out', out);
		expect(r.code).toBe(2);
		for (const k of [
			'a: unknown',
			'b: unknown',
			'algorithm.foo: unknown',
			'algorithm.bar: unknown'
		])
			expect(r.stderr).toContain(k);
		expect(existsSync(out)).toBe(false);
		expect(r.stdout).toBe('');
	});

	it('keeps its output bounded for a 10⁶-item list and a 20 MB string', async () => {
		const list = file(
			'list.json',
			JSON.stringify({ model: { kind: 'mlp', hidden: new Array(1e6).fill(1) } })
		);
		const big = file('big.json', JSON.stringify({ dataset: 'x'.repeat(20e6) }));
		const [a, b] = await Promise.all([sim(list), sim(big)]);
		expect(a.code).toBe(2);
		expect(a.stderr).toContain('model.hidden: must have at most 4 hidden layers');
		expect(a.stderr.length).toBeLessThan(2000);
		expect(b.code).toBe(2);
		expect(b.stderr).toContain('dataset: must be');
		expect(b.stderr.length).toBeLessThan(2000);
	});

	it('accepts a file saved with a UTF-8 byte-order mark', async () => {
		const text = readFileSync('examples/blobs-quick.json', 'utf8');
		const r = await sim(file('bom.json', `\ufeff${text}`));
		expect(r.stderr).not.toContain('not valid JSON');
		expect(r.code).toBe(0);
	});

	it('exits 3 on divergence, says so on stderr, and keeps the rounds and bytes that happened', async () => {
		const out = join(dir, 'div.csv');
		const f = file(
			'div.json',
			JSON.stringify({
				dataset: 'blobs',
				rounds: 3,
				clients: 4,
				model: { kind: 'mlp', hidden: [8] },
				algorithm: { kind: 'fedavg', clientFraction: 1 },
				byzantine: { fraction: 0.25, attack: { kind: 'faulty', value: 'nan' } }
			})
		);
		const r = await sim(f, '--out', out);
		expect(r.code).toBe(3);
		expect(r.stderr).toMatch(/sim: diverged in round 1: .*non-finite/);
		const summary = JSON.parse(r.stdout.trim().split('\n').at(-1) as string);
		expect(summary).toMatchObject({ summary: true, rounds: 1 });
		expect(summary.bytesUp).toBeGreaterThan(0);
		const csv = readFileSync(out, 'utf8').trim().split('\n');
		expect(csv).toHaveLength(2);
		expect(csv[1]).toMatch(/^1,/);
	});
});
