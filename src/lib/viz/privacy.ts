/**
 * Data shaping for the privacy chapter's views: ε against rounds from the accountant, a small
 * secure-aggregation round to show number by number, the protocol's extra bytes, gray-scale pixels
 * of a digit, and accuracy against ε from a run's events. Pure: the components only draw these.
 */
import type { EventOf, SimEvent } from '$lib/sim/core/events';
import type { DpSpec } from '$lib/sim/core/schema';
import { createRng } from '$lib/sim/core/rng';
import { epsilonAfter } from '$lib/sim/privacy/epsilon-after';
import { secAggExtraBytes } from '$lib/sim/privacy/secure-aggregation/costs';
import { decodeFixed } from '$lib/sim/privacy/secure-aggregation/fixed-point';
import { secureAggregate } from '$lib/sim/privacy/secure-aggregation/protocol';

export interface XY {
	readonly x: number;
	readonly y: number;
}

/** ε after each round 1..rounds for noise multiplier σ, sampling rate q and δ (central DP). */
export function epsilonCurve(sigma: number, q: number, delta: number, rounds: number): XY[] {
	const dp: DpSpec = { mode: 'central', clip: 1, noiseMultiplier: sigma, delta };
	const step = Math.max(1, Math.floor(rounds / 40));
	const out: XY[] = [];
	for (let r = step; r <= rounds; r += step) out.push({ x: r, y: epsilonAfter(dp, q, r) });
	return out;
}

/** Accuracy against ε spent, one point per evaluated round of a DP run. */
export function accuracyVsEpsilon(events: readonly SimEvent[]): XY[] {
	let eps = NaN;
	const out: XY[] = [];
	for (const e of events) {
		if (e.type === 'privacySpent') eps = e.epsilon;
		else if (e.type === 'evaluated' && Number.isFinite(eps)) out.push({ x: eps, y: e.accuracy });
	}
	return out;
}

/** The latest `privacySpent` event of a run, if any. */
export function latestSpent(events: readonly SimEvent[]): EventOf<'privacySpent'> | null {
	for (let i = events.length - 1; i >= 0; i--) {
		const e = events[i] as SimEvent;
		if (e.type === 'privacySpent') return e;
	}
	return null;
}

export interface SecAggDemo {
	/** Per client: its plain values and what the server receives (decoded), or null if dropped. */
	readonly clients: readonly {
		readonly id: number;
		readonly plain: readonly number[];
		readonly masked: readonly number[] | null;
	}[];
	readonly plainSum: readonly number[];
	/** The unmasked sum, or the reason the server could not unmask. */
	readonly result:
		{ ok: true; sum: readonly number[]; recovered: number } | { ok: false; reason: string };
	readonly threshold: number;
}

/** A secure-aggregation round of `n` clients with `dims` numbers each; `dropped` drop after masking. */
export function secAggDemo(
	n: number,
	dims: number,
	dropped: ReadonlySet<number>,
	threshold: number,
	seed: number
): SecAggDemo {
	const rng = createRng(seed);
	const clients = Array.from({ length: n }, (_, i) => i);
	const plain = clients.map(() =>
		Float32Array.from({ length: dims }, () => Math.round(rng.normal() * 100) / 100)
	);
	const inputs = new Map(
		clients.filter((c) => !dropped.has(c)).map((c) => [c, plain[c] as Float32Array])
	);
	const r = secureAggregate({ clients, inputs, threshold, rng: rng.fork('protocol') });
	const plainSum = Array.from({ length: dims }, (_, j) =>
		[...inputs.values()].reduce((s, x) => s + (x[j] as number), 0)
	);
	return {
		clients: clients.map((c) => {
			const m = r.masked.get(c);
			return {
				id: c,
				plain: [...(plain[c] as Float32Array)],
				masked: m ? [...decodeFixed(m)] : null
			};
		}),
		plainSum,
		result: r.ok
			? { ok: true, sum: [...r.sum], recovered: r.recovered.length }
			: { ok: false, reason: r.reason },
		threshold
	};
}

/** Extra bytes of secure aggregation per round next to the plain update traffic, for n clients. */
export function secAggOverhead(n: number, modelBytes: number): { extra: number; plain: number } {
	const e = secAggExtraBytes(n, n);
	return { extra: e.up + e.down, plain: 2 * n * modelBytes };
}

/** A 28×28 image in [0, 1] as RGBA bytes (white background, black ink), for a canvas. */
export function grayPixels(img: ArrayLike<number>): Uint8ClampedArray {
	const out = new Uint8ClampedArray(img.length * 4);
	for (let i = 0; i < img.length; i++) {
		const v = 255 - Math.round(255 * Math.min(1, Math.max(0, img[i] as number)));
		out.set([v, v, v, 255], i * 4);
	}
	return out;
}
