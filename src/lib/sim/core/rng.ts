/**
 * The one seeded random source of the engine. Every random choice (data split, partition, client
 * sampling, weight init, batch order, device behaviour) draws from an `Rng` passed in explicitly,
 * never from the unseeded platform generator, so one scenario and one seed give one run.
 *
 * mulberry32 (Tommy Ettinger, public domain): 32-bit state, fast, good enough for simulation.
 */
export interface Rng {
	/** Uniform in [0, 1). */
	next(): number;
	/** Uniform integer in [0, n). */
	int(n: number): number;
	/** Standard normal (Box–Muller). */
	normal(): number;
	/** Gamma(shape, 1) (Marsaglia–Tsang). */
	gamma(shape: number): number;
	/** A sample from the symmetric Dirichlet(alpha) over k categories. */
	dirichlet(alpha: number, k: number): number[];
	/** Fisher–Yates shuffle in place; returns the array. */
	shuffle<T>(items: T[]): T[];
	/** k distinct indices out of [0, n), in random order. */
	sample(n: number, k: number): number[];
	/** An independent child stream, keyed by a label, so adding draws in one place leaves others unchanged. */
	fork(label: string | number): Rng;
	/** The stream's position: `rngFromState` continues it elsewhere (e.g. in a worker thread). */
	state(): RngState;
	/** Moves this stream to `s` (a position taken by `state()`, here or in another thread). */
	restore(s: RngState): void;
}

/** A plain-data position of a stream: it crosses `postMessage` and continues draw for draw. */
export interface RngState {
	readonly seed: number;
	readonly a: number;
	readonly spare: number | null;
}

/** FNV-1a hash of a string, used to derive child seeds. */
export function hashString(s: string): number {
	let h = 0x811c9dc5;
	for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
	return h >>> 0;
}

/** Creates the seeded generator. */
export function createRng(seed: number): Rng {
	let a = seed >>> 0;
	let spare: number | null = null;
	const next = (): number => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
	const normal = (): number => {
		if (spare !== null) {
			const s = spare;
			spare = null;
			return s;
		}
		let u = 0;
		while (u === 0) u = next();
		const v = next();
		const r = Math.sqrt(-2 * Math.log(u));
		spare = r * Math.sin(2 * Math.PI * v);
		return r * Math.cos(2 * Math.PI * v);
	};
	const gamma = (shape: number): number => {
		if (shape < 1) {
			let u = 0;
			while (u === 0) u = next();
			return gamma(shape + 1) * Math.pow(u, 1 / shape);
		}
		const d = shape - 1 / 3;
		const c = 1 / Math.sqrt(9 * d);
		for (;;) {
			let x: number;
			let v: number;
			do {
				x = normal();
				v = 1 + c * x;
			} while (v <= 0);
			v = v * v * v;
			const u = next();
			if (u < 1 - 0.0331 * x * x * x * x) return d * v;
			if (Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
		}
	};
	const rng: Rng = {
		next,
		int: (n) => Math.floor(next() * n),
		normal,
		gamma,
		dirichlet(alpha, k) {
			const g = Array.from({ length: k }, () => gamma(alpha));
			let sum = g.reduce((s, x) => s + x, 0);
			if (!(sum > 0)) {
				// every draw underflowed (tiny alpha): all mass on one category
				g.fill(0);
				g[Math.floor(next() * k)] = 1;
				sum = 1;
			}
			return g.map((x) => x / sum);
		},
		shuffle(items) {
			for (let i = items.length - 1; i > 0; i--) {
				const j = Math.floor(next() * (i + 1));
				const tmp = items[i] as (typeof items)[number];
				items[i] = items[j] as (typeof items)[number];
				items[j] = tmp;
			}
			return items;
		},
		sample(n, k) {
			const idx = Array.from({ length: n }, (_, i) => i);
			const m = Math.min(k, n);
			for (let i = 0; i < m; i++) {
				const j = i + Math.floor(next() * (n - i));
				const tmp = idx[i] as number;
				idx[i] = idx[j] as number;
				idx[j] = tmp;
			}
			return idx.slice(0, m);
		},
		fork: (label) =>
			createRng((hashString(String(label)) ^ Math.imul(seed >>> 0, 0x9e3779b1)) >>> 0),
		state: () => ({ seed, a, spare }),
		restore(s) {
			if (s.seed !== seed) throw new Error(`rng state of seed ${s.seed} given to seed ${seed}`);
			a = s.a;
			spare = s.spare;
		}
	};
	return rng;
}

/** The stream whose position `s` is: the same draws as the one `state()` was taken from. */
export function rngFromState(s: RngState): Rng {
	const rng = createRng(s.seed);
	rng.restore(s);
	return rng;
}
