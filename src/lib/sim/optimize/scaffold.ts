/**
 * SCAFFOLD — Karimireddy, Kale, Mohri, Reddi, Stich, Suresh 2020, "SCAFFOLD: Stochastic Controlled
 * Averaging for Federated Learning", arXiv:1910.06378, with option II control variates.
 *
 * The server keeps a control variate c, each client its own c_i (all zero at the start). Client i
 * trains from x with every step along g_i(y) + c − c_i: the correction cancels the pull of its
 * own data towards its own optimum (client drift). After K local steps of rate η_l it updates
 *   c_i⁺ = c_i − c + (x − y_i)/(K·η_l)                                   (option II)
 * and sends Δy_i = y_i − x and Δc_i = c_i⁺ − c_i; the server moves x by the aggregate of Δy (the
 * scenario's aggregator and server optimizer) and c ← c + (1/N)·Σ_{i∈S} Δc_i. Each message thus
 * carries two model-sized vectors (x and c down, Δy and Δc up): twice FedAvg's bytes.
 *
 * Here a client's c_i⁺ takes effect when the server takes its update in (as if the client
 * committed it on the server's acknowledgement), so c stays the mean of the c_i even when updates
 * are lost or late. The server's aggregate of Δy is the scenario's (n_k-weighted for the mean; the
 * paper uses the plain mean over the sampled clients).
 */

export class Scaffold {
	readonly #clients: number;
	readonly #learningRate: number;
	#c: Float32Array | null = null;
	readonly #ci = new Map<number, Float32Array>();

	/** `clients`: N, all clients; `learningRate`: η_l, the clients' step size. */
	constructor(clients: number, learningRate: number) {
		this.#clients = clients;
		this.#learningRate = learningRate;
	}

	/** The server's c (zero before anything is committed). */
	serverVariate(params: number): Float32Array {
		return (this.#c ??= new Float32Array(params));
	}

	/** Client k's c_i. */
	clientVariate(k: number, params: number): Float32Array {
		return this.#ci.get(k) ?? new Float32Array(params);
	}

	/** c − c_i for client k, or undefined while it is zero (then the job is plain SGD, exactly). */
	correction(k: number, params: number): Float32Array | undefined {
		const c = this.serverVariate(params);
		const ci = this.clientVariate(k, params);
		const out = c.map((x, i) => x - (ci[i] as number));
		return out.some((x) => x !== 0) ? out : undefined;
	}

	/** c_i⁺ = c_i − c + (x − y)/(K·η_l) for client k after K steps from x to y (option II). */
	nextClientVariate(k: number, x: Float32Array, y: Float32Array, steps: number): Float32Array {
		const c = this.serverVariate(x.length);
		const ci = this.clientVariate(k, x.length);
		const scale = 1 / (steps * this.#learningRate);
		return ci.map((v, i) => v - (c[i] as number) + ((x[i] as number) - (y[i] as number)) * scale);
	}

	/** Takes the new c_i⁺ of the clients the server heard from: c ← c + (1/N)·Σ (c_i⁺ − c_i). */
	commit(next: ReadonlyMap<number, Float32Array>): void {
		for (const [k, ci] of next) {
			const c = this.serverVariate(ci.length);
			const old = this.clientVariate(k, ci.length);
			for (let i = 0; i < c.length; i++)
				c[i] = (c[i] as number) + ((ci[i] as number) - (old[i] as number)) / this.#clients;
			this.#ci.set(k, ci);
		}
	}
}
