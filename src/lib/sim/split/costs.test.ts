/**
 * Split-learning accounting by hand, for a small MLP on 2-D inputs: 2 → 3 → 4 → 4 classes.
 *   dense_0  2→3   params 2·3+3 =  9   FLOPs 2·2·3 = 12
 *   dense_1  3→4   params 3·4+4 = 16   FLOPs 2·3·4 = 24
 *   dense_2  4→4   params 4·4+4 = 20   FLOPs 2·4·4 = 32     whole model: 45 params, 68 FLOPs
 */
import { describe, expect, it } from 'vitest';
import { describeModel } from '../core/model-spec';
import {
	batchSizesOf,
	bytesVsClients,
	crossoverClients,
	exchangeLegs,
	fedAvgEpochBytes,
	fedAvgFlops,
	groupBatches,
	handoffSeconds,
	legSeconds,
	parallelRoundSeconds,
	sampleBytes,
	sequentialRoundSeconds,
	splitEpochBytes,
	splitFlops,
	turnSeconds
} from './costs';
import { cutProblem, joinWeights, splitLayout, splitWeights } from './layout';

const layers = describeModel({ kind: 'mlp', hidden: [3, 4] }, [2], 4);
const cut1 = splitLayout(layers, 1);
const ushaped = splitLayout(layers, 1, 'ushaped', 1);

describe('splitLayout', () => {
	it('cuts the parameters and FLOPs at the boundary', () => {
		expect(cut1).toMatchObject({
			cutLayer: 1,
			topCut: 3,
			headParams: 9,
			tailParams: 36,
			topParams: 0,
			smashedShape: [3],
			smashedFloats: 3,
			returnFloats: 0,
			headFlops: 12,
			tailFlops: 56,
			topFlops: 0
		});
		expect(splitLayout(layers, 2)).toMatchObject({
			headParams: 25,
			tailParams: 20,
			smashedFloats: 4
		});
		expect(ushaped).toMatchObject({
			topCut: 2,
			headParams: 9,
			tailParams: 16,
			topParams: 20,
			returnFloats: 4,
			tailFlops: 24,
			topFlops: 32
		});
	});

	it('splits and joins the flat weights in layer order', () => {
		const full = Float32Array.from({ length: 45 }, (_, i) => i);
		const parts = splitWeights(ushaped, full);
		expect(Array.from(parts.head)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
		expect(parts.tail[0]).toBe(9);
		expect(parts.top[0]).toBe(25);
		expect(Array.from(joinWeights(parts))).toEqual(Array.from(full));
		expect(() => splitWeights(cut1, new Float32Array(44))).toThrow(/45/);
	});

	it.each([
		[3, 0, 'vanilla', 1, /from 1 to 2/],
		[3, 3, 'vanilla', 1, /from 1 to 2/],
		[1, 1, 'vanilla', 1, /at least 2/],
		[3, 2, 'ushaped', 1, /server keeps at least one/],
		[4, 1, 'ushaped', 3, /server keeps at least one/]
	] as const)('refuses %i layers cut at %i (%s, top %i)', (n, cut, labels, top, msg) => {
		expect(cutProblem(n, cut, labels, top)).toMatch(msg);
	});

	it('accepts every boundary of a vanilla cut', () => {
		for (const cut of [1, 2]) expect(cutProblem(3, cut, 'vanilla', 1)).toBeNull();
		expect(cutProblem(3, 1, 'ushaped', 1)).toBeNull();
	});
});

describe('FLOPs per sample', () => {
	it('puts the head on the client and the tail on the server, backward = 2× forward', () => {
		expect(splitFlops(cut1)).toEqual({
			clientForward: 12,
			clientBackward: 24,
			serverForward: 56,
			serverBackward: 112
		});
		expect(splitFlops(ushaped)).toEqual({
			clientForward: 12 + 32,
			clientBackward: 88,
			serverForward: 24,
			serverBackward: 48
		});
		expect(fedAvgFlops(layers)).toEqual({
			clientForward: 68,
			clientBackward: 136,
			serverForward: 0,
			serverBackward: 0
		});
	});
});

describe('bytes per epoch', () => {
	it('counts smashed data, gradients, labels and hand-offs', () => {
		expect(sampleBytes(cut1)).toEqual({ up: 3 * 4 + 4, down: 12, messages: 2 });
		expect(sampleBytes(ushaped)).toEqual({ up: 12 + 16, down: 28, messages: 4 });
		// N = 100 samples, K = 4 clients, head of 9 params = 36 bytes
		expect(splitEpochBytes(cut1, 100, 4, { kind: 'split', handoff: 'server' })).toEqual({
			smashed: 1200,
			gradients: 1200,
			labels: 400,
			handoffs: 2 * 4 * 36,
			total: 3088
		});
		expect(splitEpochBytes(cut1, 100, 4, { kind: 'split', handoff: 'peer' }).handoffs).toBe(144);
		expect(splitEpochBytes(cut1, 100, 1, { kind: 'split', handoff: 'server' }).total).toBe(2800);
		expect(splitEpochBytes(cut1, 100, 4, { kind: 'splitfed' }).handoffs).toBe(288);
		// U-shaped: no labels, the tail's output (4 floats) down and its gradient up, head+top = 29 params
		expect(splitEpochBytes(ushaped, 100, 4, { kind: 'split', handoff: 'server' })).toEqual({
			smashed: 2800,
			gradients: 2800,
			labels: 0,
			handoffs: 2 * 4 * 29 * 4,
			total: 6528
		});
		expect(fedAvgEpochBytes(45, 4)).toBe(1440);
	});

	it('finds the crossover: 2800 + 72·K < 360·K from K = 10 (server), 2800 + 36·K from K = 9 (peer)', () => {
		expect(crossoverClients(cut1, 100, 'server')).toBe(10);
		expect(crossoverClients(cut1, 100, 'peer')).toBe(9);
		const rows = bytesVsClients(cut1, 100, [9, 10]);
		expect(rows[0]).toEqual({ clients: 9, split: 2800 + 648, splitfed: 2800 + 648, fedavg: 3240 });
		expect((rows[1] as { split: number }).split).toBeLessThan(
			(rows[1] as { fedavg: number }).fedavg
		);
		expect(crossoverClients(cut1, 1e9, 'server', 100)).toBeNull();
	});
});

describe('simulated time', () => {
	// 100 samples/s whole-model training, up 1 Mbit/s, down 2 Mbit/s, 10 ms; server 1000 samples/s
	const device = { computeSpeed: 100, uplinkMbps: 1, downlinkMbps: 2, latencyMs: 10 };
	const speeds = { modelFlops: 68, serverSpeed: 1000 };

	it('times one batch of 10 leg by leg', () => {
		const legs = exchangeLegs(cut1, 10, 1, device, speeds);
		const seconds = legs.map((l) => legSeconds(l, device));
		const clientFlopRate = 3 * 68 * 100;
		const serverFlopRate = 3 * 68 * 1000;
		expect(
			legs.map((l) => (l.kind === 'send' ? `${l.message}${l.up ? '↑' : '↓'}` : l.kind))
		).toEqual(['client', 'smashed↑', 'server', 'gradient↓', 'client']);
		const expected = [
			(10 * 12) / clientFlopRate,
			0.01 + (10 * 16 * 8) / 1e6,
			(10 * 3 * 56) / serverFlopRate,
			0.01 + (10 * 12 * 8) / 2e6,
			(10 * 24) / clientFlopRate
		];
		seconds.forEach((s, i) => expect(s).toBeCloseTo(expected[i] as number, 12));
		expect(exchangeLegs(ushaped, 10, 1, device, speeds)).toHaveLength(9);
	});

	it('a group of batches takes as long as the batches one by one', () => {
		const sizes = batchSizesOf(95, 2, 10);
		expect(sizes).toHaveLength(20);
		expect(sizes.slice(8, 11)).toEqual([10, 5, 10]);
		expect(groupBatches(sizes, 8).reduce((s, g) => s + g.batches, 0)).toBe(20);
		expect(groupBatches(sizes, 8).reduce((s, g) => s + g.samples, 0)).toBe(190);
		const oneByOne = sizes.reduce(
			(t, s) =>
				t + exchangeLegs(cut1, s, 1, device, speeds).reduce((a, l) => a + legSeconds(l, device), 0),
			0
		);
		expect(turnSeconds(cut1, sizes, device, speeds)).toBeCloseTo(oneByOne, 10);
	});

	it('sequential turns add up; SplitFed takes the slowest client', () => {
		const clients = [
			{ device, batchSizes: batchSizesOf(50, 1, 10) },
			{ device: { ...device, computeSpeed: 10 }, batchSizes: batchSizesOf(50, 1, 10) }
		];
		const turns = clients.map((c) => turnSeconds(cut1, c.batchSizes, c.device, speeds));
		const hand = handoffSeconds(cut1, 'server', device, device);
		expect(hand).toBeCloseTo(0.01 + (36 * 8) / 1e6 + 0.01 + (36 * 8) / 2e6, 12);
		expect(sequentialRoundSeconds(cut1, clients, speeds, 'server', true)).toBeCloseTo(
			(turns[0] as number) + hand + (turns[1] as number),
			12
		);
		expect(sequentialRoundSeconds(cut1, clients, speeds, 'server')).toBeCloseTo(
			(turns[0] as number) + (turns[1] as number) + 2 * hand,
			12
		);
		const parallel = parallelRoundSeconds(cut1, clients, speeds);
		expect(parallel).toBeCloseTo(Math.max(...turns) + 0.02 + (36 * 8) / 1e6 + (36 * 8) / 2e6, 12);
		expect(parallel).toBeLessThan(sequentialRoundSeconds(cut1, clients, speeds, 'server'));
	});
});
