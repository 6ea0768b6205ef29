import { describe, expect, it } from 'vitest';
import { buildDevices, stragglerCount } from './devices';
import { createRng } from './core/rng';
import { defaultScenario, scenarioOrThrow } from './scenario';

const devicesOf = (devices: Record<string, number>) => scenarioOrThrow({ devices }).devices;

describe('buildDevices', () => {
	it('with the default scenario gives every client exactly the scenario’s device', () => {
		const d = defaultScenario().devices;
		const all = buildDevices(d, 7, createRng(1));
		expect(all).toHaveLength(7);
		for (const c of all)
			expect(c).toEqual({
				computeSpeed: d.computeSpeed,
				downlinkMbps: d.downlinkMbps,
				uplinkMbps: d.uplinkMbps,
				latencyMs: d.latencyMs,
				straggler: false
			});
	});

	it.each([
		{ fraction: 0, clients: 10, n: 0 },
		{ fraction: 0.3, clients: 10, n: 3 },
		{ fraction: 0.25, clients: 10, n: 3 }, // 2.5 rounds up
		{ fraction: 0.3, clients: 7, n: 2 }, // 2.1
		{ fraction: 1, clients: 5, n: 5 }
	])('round($fraction·$clients) = $n stragglers', ({ fraction, clients, n }) => {
		expect(stragglerCount(fraction, clients)).toBe(n);
		const all = buildDevices(
			devicesOf({ stragglerFraction: fraction, stragglerSlowdown: 10, computeSpeed: 400 }),
			clients,
			createRng(3)
		);
		const slow = all.filter((c) => c.straggler);
		expect(slow).toHaveLength(n);
		for (const c of all) expect(c.computeSpeed).toBe(c.straggler ? 40 : 400);
	});

	it('draws log-normal speeds: median ≈ computeSpeed, log-spread ≈ σ; links spread apart', () => {
		const all = buildDevices(
			devicesOf({ computeSpeed: 1000, computeSpread: 0.5, linkSpread: 1 }),
			4000,
			createRng(9)
		);
		const logs = all.map((c) => Math.log(c.computeSpeed / 1000)).sort((a, b) => a - b);
		const mean = logs.reduce((a, b) => a + b, 0) / logs.length;
		const sd = Math.sqrt(logs.reduce((a, b) => a + (b - mean) ** 2, 0) / logs.length);
		expect(Math.abs(logs[2000] as number)).toBeLessThan(0.05);
		expect(sd).toBeGreaterThan(0.45);
		expect(sd).toBeLessThan(0.55);
		// one bandwidth factor per client for both directions: their ratio stays 20 : 5
		for (const c of all.slice(0, 20)) expect(c.downlinkMbps / c.uplinkMbps).toBeCloseTo(4, 9);
		const lat = all.map((c) => c.latencyMs);
		expect(Math.max(...lat) / Math.min(...lat)).toBeGreaterThan(100);
	});

	it('is seeded: the same stream gives the same devices, another stream others', () => {
		const spec = devicesOf({ computeSpread: 1, stragglerFraction: 0.5 });
		const a = buildDevices(spec, 10, createRng(5));
		expect(buildDevices(spec, 10, createRng(5))).toEqual(a);
		expect(buildDevices(spec, 10, createRng(6))).not.toEqual(a);
	});
});
