/**
 * The privacy ledger of a run: every round of DP-FedAvg is one sampled Gaussian mechanism
 * (sampling rate q, noise multiplier σ), RDP composes by adding over rounds, and ε(δ) is read off
 * after each round (see sampled-gaussian-rdp.ts and epsilon.ts for the papers).
 */
import { DEFAULT_ORDERS, epsilonFromRdp } from './epsilon';
import { sampledGaussianRdp } from './sampled-gaussian-rdp';

export class RdpAccountant {
	readonly orders: readonly number[];
	#rdp: number[];
	#steps = 0;

	constructor(orders: readonly number[] = DEFAULT_ORDERS) {
		this.orders = orders;
		this.#rdp = orders.map(() => 0);
	}

	/** Records `steps` rounds with sampling rate `q` and noise multiplier `sigma`. */
	step(q: number, sigma: number, steps = 1): void {
		const add = sampledGaussianRdp(q, sigma, steps, this.orders);
		this.#rdp = this.#rdp.map((r, i) => r + (add[i] as number));
		this.#steps += steps;
	}

	/** Rounds recorded so far. */
	get steps(): number {
		return this.#steps;
	}

	/** ε spent so far at `delta` (0 before any round). */
	epsilon(delta: number): number {
		return this.#steps ? epsilonFromRdp(this.orders, this.#rdp, delta).epsilon : 0;
	}
}
