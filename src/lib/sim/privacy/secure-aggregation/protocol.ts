/**
 * Secure aggregation — Bonawitz, Ivanov, Kreuter, Marcedone, McMahan, Patel, Ramage, Segal, Seth
 * 2017, "Practical Secure Aggregation for Privacy-Preserving Machine Learning", CCS (ePrint
 * 2017/281) — simulated in one process.
 *
 * Every selected client u draws a key pair (sk_u, pk_u = g^sk_u) and a self-mask seed b_u, and
 * Shamir-shares sk_u and b_u t-of-n among the others (shamir.ts). Each pair agrees on a seed
 * s_uv = pk_v^sk_u = pk_u^sk_v (Diffie–Hellman). A client's input, fixed-point encoded in Z_{2^32}
 * (fixed-point.ts), leaves masked: y_u = x_u + PRG(b_u) + Σ_{v>u} PRG(s_uv) − Σ_{v<u} PRG(s_uv).
 * The pairwise masks cancel in the sum; the server then asks the survivors for t shares of each
 * survivor's b_v (to remove the self masks) and of each dropped client's sk_u (to recompute and
 * remove the masks it shared with the survivors). With fewer than t survivors it cannot unmask and
 * refuses.
 *
 * Simulated, and said so in the chapter: the key agreement is Diffie–Hellman in the multiplicative
 * group mod 2^31 − 1 (toy-sized, not secure), the PRG is mulberry32 (prg.ts), all randomness comes
 * from the scenario's seeded generator, the shares travel in clear inside this process, and
 * clients that drop during the unmasking phase are not modelled. The byte counts use the paper's
 * real sizes (costs.ts).
 */
import type { Rng } from '../../core/rng';
import { addInto, decodeFixed, encodeFixed, FIXED_POINT_RANGE } from './fixed-point';
import { GENERATOR, P, powMod } from './field';
import { addMask } from './prg';
import { reconstructSecret, shareSecret, type Share } from './shamir';

export interface SecAggInput {
	/** The clients that shared keys this round (the selected ones), in a fixed order. */
	readonly clients: readonly number[];
	/** The inputs of the clients whose update arrived; the others dropped after sharing keys. */
	readonly inputs: ReadonlyMap<number, Float32Array>;
	/** Each client encodes x_u·weight_u (e.g. n_k/Σn_k for a weighted mean); default 1. */
	readonly weights?: ReadonlyMap<number, number>;
	/** t, the Shamir threshold. */
	readonly threshold: number;
	readonly rng: Rng;
}

export type SecAggResult =
	| {
			readonly ok: true;
			/** Σ_u weight_u·x_u over the survivors, decoded. */
			readonly sum: Float32Array;
			/** What the server received from each survivor (look like uniform noise). */
			readonly masked: ReadonlyMap<number, Uint32Array>;
			readonly survivors: readonly number[];
			/** Dropped clients whose masks were reconstructed and removed. */
			readonly recovered: readonly number[];
	  }
	| {
			readonly ok: false;
			readonly reason: string;
			readonly masked: ReadonlyMap<number, Uint32Array>;
			readonly survivors: readonly number[];
	  };

interface Keys {
	readonly sk: number;
	readonly pk: number;
	readonly b: number;
	/** Shares of sk and of b, share k for clients[k]. */
	readonly skShares: Share[];
	readonly bShares: Share[];
}

/** Runs one round of the protocol. */
export function secureAggregate(input: SecAggInput): SecAggResult {
	const { clients, inputs, threshold: t, rng } = input;
	const n = clients.length;
	const keys = new Map<number, Keys>();
	for (const u of clients) {
		const sk = 1 + rng.int(P - 2);
		const b = rng.int(P);
		keys.set(u, {
			sk,
			pk: powMod(GENERATOR, sk),
			b,
			skShares: shareSecret(sk, t, n, rng),
			bShares: shareSecret(b, t, n, rng)
		});
	}
	const key = (u: number) => keys.get(u) as Keys;
	const survivors = clients.filter((u) => inputs.has(u));
	const dim = (inputs.get(survivors[0] as number) ?? new Float32Array(0)).length;

	// each survivor masks its own input
	const masked = new Map<number, Uint32Array>();
	for (const u of survivors) {
		const x = inputs.get(u) as Float32Array;
		const w = input.weights?.get(u) ?? 1;
		if (!x.every((z) => Number.isFinite(z) && Math.abs(z * w) < FIXED_POINT_RANGE))
			throw new RangeError(
				`client ${u}: a weighted update coordinate is non-finite or beyond ±${FIXED_POINT_RANGE}, outside the fixed-point range`
			);
		const y = encodeFixed(x, w);
		addMask(y, key(u).b, 1);
		for (const v of clients) {
			if (v === u) continue;
			addMask(y, powMod(key(v).pk, key(u).sk), u < v ? 1 : -1);
		}
		masked.set(u, y);
	}
	if (survivors.length < t)
		return {
			ok: false,
			reason: `only ${survivors.length} of ${n} clients survived and the threshold is t = ${t}: the server cannot reconstruct the masks`,
			masked,
			survivors
		};

	// the server sums and unmasks with t shares from the survivors
	const sum = new Uint32Array(dim);
	for (const u of survivors) addInto(sum, masked.get(u) as Uint32Array);
	const sharesFromSurvivors = (all: Share[]) =>
		survivors.map((v) => all[clients.indexOf(v)] as Share);
	for (const v of survivors) {
		const r = reconstructSecret(sharesFromSurvivors(key(v).bShares), t);
		if (!r.ok) throw new Error(r.reason);
		addMask(sum, r.secret, -1);
	}
	const dropped = clients.filter((u) => !inputs.has(u));
	for (const u of dropped) {
		const r = reconstructSecret(sharesFromSurvivors(key(u).skShares), t);
		if (!r.ok) throw new Error(r.reason);
		for (const v of survivors) addMask(sum, powMod(key(v).pk, r.secret), v < u ? -1 : 1);
	}
	return { ok: true, sum: decodeFixed(sum), masked, survivors, recovered: dropped };
}
