import { describe, expect, it } from 'vitest';
import { defaultScenario, scenarioOrThrow } from '$lib/sim/scenario';
import {
	clientGrid,
	costRows,
	cutOf,
	formatFlops,
	layerTitle,
	layoutOf,
	modelLayers,
	sideOf,
	trafficCurve,
	wallClock
} from './split-figures';

// 2 → 32 → 16 → 4 on blobs: dense_0 has 2·32 + 32 = 96 weights and 2·2·32 = 128 FLOPs,
// dense_1 32·16 + 16 = 528 and 1,024, dense_2 16·4 + 4 = 68 and 128; 692 weights in all.
const layers = modelLayers({ kind: 'mlp', hidden: [32, 16] }, 'blobs');

function layout(cutLayer: number, labels: 'vanilla' | 'ushaped' = 'vanilla', topLayers = 1) {
	const r = layoutOf(layers, { cutLayer, labels, topLayers });
	if (!r.ok) throw new Error(r.error);
	return r.layout;
}

const value = (rows: ReturnType<typeof costRows>, key: string) => {
	const row = rows.find((r) => r.key === key);
	return row && [row.split, row.fedavg];
};

describe('split figures', () => {
	it('puts each layer on its side of the cut', () => {
		expect(layers.map(layerTitle)).toEqual([
			'Dense 32, ReLU',
			'Dense 16, ReLU',
			'Dense 4 (logits)'
		]);
		const v = layout(1);
		expect(layers.map((_, i) => sideOf(v, i))).toEqual(['head', 'tail', 'tail']);
		const u = layout(1, 'ushaped', 1);
		expect(layers.map((_, i) => sideOf(u, i))).toEqual(['head', 'tail', 'top']);
	});

	it('names a cut the model does not have', () => {
		const r = layoutOf(layers, { cutLayer: 3, labels: 'vanilla', topLayers: 1 });
		expect(r.ok).toBe(false);
		if (!r.ok) expect(r.error).toMatch(/from 1 to 2/);
	});

	it('costs a cut by hand: compute, weights and bytes next to FedAvg', () => {
		const rows = costRows(layout(1), 2000, 4, { kind: 'split', handoff: 'server' });
		expect(value(rows, 'client-flops')).toEqual([3 * 128, 3 * 1280]);
		expect(value(rows, 'server-flops')).toEqual([3 * 1152, 0]);
		expect(value(rows, 'client-params')).toEqual([96, 692]);
		expect(value(rows, 'smashed')).toEqual([2000 * 32 * 4, null]);
		expect(value(rows, 'gradients')).toEqual([2000 * 32 * 4, null]);
		expect(value(rows, 'labels')).toEqual([2000 * 4, null]);
		// four hand-offs a round, each an upload and a download of the 96-weight head
		expect(value(rows, 'handoffs')).toEqual([2 * 4 * 96 * 4, null]);
		expect(value(rows, 'models')).toEqual([null, 2 * 4 * 692 * 4]);
		expect(value(rows, 'total')).toEqual([256_000 + 256_000 + 8000 + 3072, 22_144]);
		// U-shaped: no labels, but the tail's output comes down and its gradient goes up
		const u = costRows(layout(1, 'ushaped'), 2000, 4, { kind: 'split', handoff: 'peer' });
		expect(value(u, 'labels')).toEqual([0, null]);
		expect(value(u, 'smashed')).toEqual([2000 * (32 + 16) * 4, null]);
		expect(value(u, 'handoffs')).toEqual([4 * (96 + 68) * 4, null]);
	});

	it('finds the crossover on the traffic curve', () => {
		const mnist = modelLayers({ kind: 'mlp', hidden: [200, 200] }, 'mnist');
		const r = layoutOf(mnist, { cutLayer: 2, labels: 'vanilla', topLayers: 1 });
		if (!r.ok) throw new Error(r.error);
		const { points, crossover } = trafficCurve(r.layout, 8000, 1000);
		expect(crossover).toEqual({ server: 39, peer: 14 });
		const at = (k: number) => points.find((p) => p.clients >= k);
		expect((at(10)?.server ?? 0) > (at(10)?.fedavg ?? 0)).toBe(true);
		expect((at(100)?.server ?? 0) < (at(100)?.fedavg ?? 0)).toBe(true);
		const grid = clientGrid(1000);
		expect(grid.slice(0, 3)).toEqual([1, 2, 3]);
		expect(grid.at(-1)).toBe(1000);
		expect(grid.every((k, i) => i === 0 || k > (grid[i - 1] as number))).toBe(true);
	});

	it('times turns against parallel clients', () => {
		const s = scenarioOrThrow({ algorithm: { kind: 'split' } });
		const cut = cutOf(s);
		expect(cut).toEqual({ cutLayer: 2, labels: 'vanilla', topLayers: 1 });
		expect(cutOf(defaultScenario())).toBeNull();
		const mnist = modelLayers(s.model, 'mnist');
		const r = layoutOf(mnist, cut ?? { cutLayer: 2, labels: 'vanilla', topLayers: 1 });
		if (!r.ok) throw new Error(r.error);
		const [one, ten] = wallClock(r.layout, s, 8000, [1, 10]);
		// one client: the same work either way, SplitFed adds the weights down and up
		expect(one?.splitfed).toBeGreaterThan(one?.sequential ?? Infinity);
		// ten clients: turns add up, parallel clients overlap
		expect(ten?.sequential).toBeGreaterThan(5 * (ten?.splitfed ?? Infinity));
	});

	it('formats FLOPs', () => {
		expect(formatFlops(0)).toBe('0 FLOP');
		expect(formatFlops(384)).toBe('384 FLOP');
		expect(formatFlops(941_000)).toBe('941 kFLOP');
		expect(formatFlops(1_193_000)).toBe('1.19 MFLOP');
	});
});
