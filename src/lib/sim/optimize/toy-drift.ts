/**
 * A two-parameter toy problem that shows client drift — the picture of Karimireddy, Kale, Mohri,
 * Reddi, Stich, Suresh 2020, "SCAFFOLD: Stochastic Controlled Averaging for Federated Learning",
 * arXiv:1910.06378, fig. 1 — computed, not drawn. FedProx is Li, Sahu, Zaheer, Sanjabi, Talwalkar,
 * Smith 2020, "Federated Optimization in Heterogeneous Networks", arXiv:1812.06127.
 *
 * Client i holds f_i(w) = ½ (w − a_i)ᵀ A_i (w − a_i) with its own optimum a_i and its own curvature
 * A_i (symmetric positive definite 2×2). The global objective is their mean F = (1/K) Σ f_i, whose
 * optimum is w* = (Σ A_i)⁻¹ Σ A_i a_i. Every round all K clients start from the global point x, take
 * E exact gradient steps of size η, and the server averages (equal weights, full participation):
 *   FedAvg   y ← y − η ∇f_i(y)
 *   FedProx  y ← y − η (∇f_i(y) + μ (y − x))
 *   SCAFFOLD y ← y − η (∇f_i(y) + c − c_i); c_i⁺ = c_i − c + (x − y_i)/(E·η) (option II);
 *            x ← mean y_i, c ← c + mean (c_i⁺ − c_i)   (global step size 1, all clients sampled)
 * With E = 1 FedAvg is gradient descent on F. With E > 1 and unequal A_i its fixed point is not w*:
 * each client runs towards its own a_i along its own curvature, and the average of those runs is
 * biased. SCAFFOLD's correction c − c_i replaces the client's gradient drift by the global one, so
 * its fixed point is w*. Plain arithmetic on two numbers: no tensors, no randomness.
 */

export type Vec2 = readonly [number, number];
/** A symmetric 2×2 matrix [[xx, xy], [xy, yy]]. */
export interface Sym2 {
	readonly xx: number;
	readonly xy: number;
	readonly yy: number;
}
export interface ToyClient {
	/** The client's own optimum a_i. */
	readonly optimum: Vec2;
	/** The client's curvature A_i (must be positive definite). */
	readonly curvature: Sym2;
}
export type ToyMethod = 'fedavg' | 'fedprox' | 'scaffold';
export interface ToyRunOptions {
	readonly method: ToyMethod;
	/** E: local gradient steps per round (whole number ≥ 1). */
	readonly localSteps: number;
	/** η: local step size. */
	readonly lr: number;
	readonly rounds: number;
	readonly start: Vec2;
	/** FedProx μ (ignored by the other methods). */
	readonly mu?: number;
}
export interface ToyRun {
	/** The global point before round 1 and after each round: rounds + 1 points. */
	readonly global: Vec2[];
	/** local[r][i]: client i's local trajectory in round r (E + 1 points, starting at the global point). */
	readonly local: Vec2[][][];
}

const add = (a: Vec2, b: Vec2): Vec2 => [a[0] + b[0], a[1] + b[1]];
const sub = (a: Vec2, b: Vec2): Vec2 => [a[0] - b[0], a[1] - b[1]];
const scale = (s: number, a: Vec2): Vec2 => [s * a[0], s * a[1]];
const apply = (m: Sym2, v: Vec2): Vec2 => [m.xx * v[0] + m.xy * v[1], m.xy * v[0] + m.yy * v[1]];
function mean(vs: readonly Vec2[]): Vec2 {
	let x = 0;
	let y = 0;
	for (const v of vs) {
		x += v[0];
		y += v[1];
	}
	return [x / vs.length, y / vs.length];
}

/** ∇f_i(w) = A_i (w − a_i). */
export function clientGradient(c: ToyClient, w: Vec2): Vec2 {
	return apply(c.curvature, sub(w, c.optimum));
}

/** F(w) = (1/K) Σ ½ (w − a_i)ᵀ A_i (w − a_i). */
export function globalLoss(clients: readonly ToyClient[], w: Vec2): number {
	let s = 0;
	for (const c of clients) {
		const d = sub(w, c.optimum);
		const g = apply(c.curvature, d);
		s += 0.5 * (d[0] * g[0] + d[1] * g[1]);
	}
	return s / clients.length;
}

/** w* = (Σ A_i)⁻¹ Σ A_i a_i, by the 2×2 inverse. */
export function globalOptimum(clients: readonly ToyClient[]): Vec2 {
	let xx = 0;
	let xy = 0;
	let yy = 0;
	let b: Vec2 = [0, 0];
	for (const c of clients) {
		xx += c.curvature.xx;
		xy += c.curvature.xy;
		yy += c.curvature.yy;
		b = add(b, apply(c.curvature, c.optimum));
	}
	const det = xx * yy - xy * xy;
	if (!(det > 0)) throw new Error('toy drift: the summed curvature is not positive definite');
	return [(yy * b[0] - xy * b[1]) / det, (-xy * b[0] + xx * b[1]) / det];
}

function check(clients: readonly ToyClient[], o: ToyRunOptions): void {
	if (clients.length < 1) throw new Error('toy drift: clients must not be empty');
	for (const [i, c] of clients.entries()) {
		const { xx, xy, yy } = c.curvature;
		if (!(xx > 0 && xx * yy - xy * xy > 0))
			throw new Error(`toy drift: clients[${i}].curvature must be positive definite`);
	}
	if (!Number.isInteger(o.localSteps) || o.localSteps < 1)
		throw new Error(`toy drift: localSteps must be a whole number ≥ 1, got ${o.localSteps}`);
	if (!(o.lr > 0)) throw new Error(`toy drift: lr must be > 0, got ${o.lr}`);
	if (!Number.isInteger(o.rounds) || o.rounds < 0)
		throw new Error(`toy drift: rounds must be a whole number ≥ 0, got ${o.rounds}`);
	if (o.method === 'fedprox' && !((o.mu ?? 0) >= 0))
		throw new Error(`toy drift: mu must be ≥ 0, got ${o.mu}`);
}

/** Runs FedAvg, FedProx or SCAFFOLD on the toy problem (see the file header for the updates). */
export function runToyDrift(clients: readonly ToyClient[], o: ToyRunOptions): ToyRun {
	check(clients, o);
	const E = o.localSteps;
	const eta = o.lr;
	const mu = o.mu ?? 0;
	let x: Vec2 = [o.start[0], o.start[1]];
	let c: Vec2 = [0, 0];
	const ci: Vec2[] = clients.map(() => [0, 0]);
	const global: Vec2[] = [x];
	const local: Vec2[][][] = [];
	for (let r = 0; r < o.rounds; r++) {
		const paths: Vec2[][] = [];
		const ends: Vec2[] = [];
		const newCi: Vec2[] = [];
		for (const [i, client] of clients.entries()) {
			const own = ci[i] ?? [0, 0];
			let y = x;
			const path: Vec2[] = [y];
			for (let k = 0; k < E; k++) {
				let g = clientGradient(client, y);
				if (o.method === 'fedprox') g = add(g, scale(mu, sub(y, x)));
				else if (o.method === 'scaffold') g = add(g, sub(c, own));
				y = sub(y, scale(eta, g));
				path.push(y);
			}
			paths.push(path);
			ends.push(y);
			if (o.method === 'scaffold') newCi.push(add(sub(own, c), scale(1 / (E * eta), sub(x, y))));
		}
		x = mean(ends);
		if (o.method === 'scaffold') {
			c = add(c, mean(newCi.map((n, i) => sub(n, ci[i] ?? [0, 0]))));
			ci.splice(0, ci.length, ...newCi);
		}
		global.push(x);
		local.push(paths);
	}
	return { global, local };
}

/**
 * The chapter's default problem: three clients whose optima sit apart and whose valleys run in
 * different directions (one steep across x, one steep across y, one tilted), so the curvature-
 * weighted optimum w* ≈ (−1.15, 0.09) is well away from the plain mean of the optima (0, 0.33).
 */
export const DRIFT_CLIENTS: readonly ToyClient[] = [
	{ optimum: [-3, -1], curvature: { xx: 3, xy: 0, yy: 0.5 } },
	{ optimum: [3, -1], curvature: { xx: 0.5, xy: 0, yy: 3 } },
	{ optimum: [0, 3], curvature: { xx: 1, xy: 0.8, yy: 1 } }
];
export const DRIFT_START: Vec2 = [3.5, 3.5];
