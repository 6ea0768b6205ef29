/**
 * The remedies for client drift inside a FedAvg round, in one place so that the round itself only
 * calls hooks: FedProx's proximal term and partial work (Li et al. 2020, arXiv:1812.06127),
 * SCAFFOLD's control variates (Karimireddy et al. 2020, arXiv:1910.06378) and FedNova's
 * normalised averaging (Wang et al. 2020, arXiv:2007.07481). With every knob at its neutral value
 * (μ = 0, no partial work, no SCAFFOLD, no FedNova) each hook is the identity.
 */
import type { EngineContext } from '../core/context';
import { localStepCount } from '../core/local-work';
import type { AlgorithmSpec } from '../core/schema';
import type { TrainJob, TrainResult } from '../core/trainer';
import type { ClientUpdate } from '../robust/aggregate/types';
import { fednovaUpdates } from './fednova';
import { partialJob } from './partial-work';
import { Scaffold } from './scaffold';

type FedAvgSpec = Extract<AlgorithmSpec, { kind: 'fedavg' }>;
type Job = Omit<TrainJob, 'indices'>;

/** One round's view of the remedies. */
export interface DriftRound {
	/** Model-sized vectors per message (SCAFFOLD: 2). */
	readonly payload: number;
	/** Extra job fields for client k: FedProx's μ, SCAFFOLD's correction c − c_i. */
	job(k: number): Pick<TrainJob, 'proximalRho' | 'correction'>;
	/** Partial work: cuts a job to what fits before the deadline; undefined when off. */
	fit(k: number): ((job: Job, n: number) => Job) | undefined;
	/** Client k's update was taken in: note its τ_i (FedNova) and its new c_i (SCAFFOLD). */
	received(k: number, result: TrainResult, job: Job, n: number): void;
	/** Rewrites the round's updates in place before aggregation (FedNova). */
	normalize(updates: ClientUpdate[]): void;
	/** After the global model moved: SCAFFOLD's c ← c + (1/N)·Σ Δc_i of the taken-in clients. */
	commit(updates: readonly ClientUpdate[]): void;
}

export class ClientDrift {
	readonly #spec: FedAvgSpec;
	readonly #scaffold: Scaffold | null;

	constructor(spec: FedAvgSpec, clients: number) {
		this.#spec = spec;
		this.#scaffold = spec.scaffold ? new Scaffold(clients, spec.learningRate) : null;
	}

	/** The hooks of a round that starts now from the global model `x`. */
	round(ctx: EngineContext, x: Float32Array): DriftRound {
		const spec = this.#spec;
		const scaffold = this.#scaffold;
		const payload = scaffold ? 2 : 1;
		const finishBy = spec.partialWork && spec.deadline > 0 ? ctx.now + spec.deadline : Infinity;
		const taus = new Map<number, number>();
		const variates = new Map<number, Float32Array>();
		return {
			payload,
			job: (k) => ({
				...(spec.proximalMu > 0 && { proximalRho: spec.proximalMu }),
				...(scaffold && { correction: scaffold.correction(k, x.length) })
			}),
			fit: (k) => {
				if (finishBy === Infinity) return undefined;
				return (job, n) => {
					const c = ctx.clients[k];
					if (!c) return job;
					const upload = c.latencyMs / 1000 + (payload * ctx.modelBytes * 8) / (c.uplinkMbps * 1e6);
					return partialJob(job, n, finishBy - ctx.now - upload, c.computeSpeed);
				};
			},
			received: (k, result, job, n) => {
				const steps = localStepCount(n, job);
				taus.set(k, steps);
				if (scaffold) variates.set(k, scaffold.nextClientVariate(k, x, result.weights, steps));
			},
			normalize: (updates) => {
				if (!spec.fednova || !updates.length) return;
				const next = fednovaUpdates(
					x,
					updates,
					updates.map((u) => taus.get(u.client) ?? 1)
				);
				updates.splice(0, updates.length, ...next);
			},
			commit: (updates) => {
				if (!scaffold) return;
				const taken = new Map<number, Float32Array>();
				for (const u of updates) {
					const v = variates.get(u.client);
					if (v) taken.set(u.client, v);
				}
				scaffold.commit(taken);
			}
		};
	}
}
