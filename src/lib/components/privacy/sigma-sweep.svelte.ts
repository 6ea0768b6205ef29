/**
 * Accuracy against ε over the noise multiplier σ, from real runs: a `RunQueue` that runs the DP
 * cell's scenario once per σ (and once without DP, the baseline) on one small setting, and keeps
 * per run its final test accuracy and the ε the accountant charged after its last round. In batch
 * mode (engine workers, full speed, several at once) ε is the accountant's for the run's q, σ, δ
 * and rounds, exactly what the engine's `privacySpent` events report; animated in the cell, it is
 * the run's last `privacySpent` event. DP-FedAvg: McMahan, Ramage, Talwar, Zhang 2018, arXiv:1710.06963; the
 * accountant: Mironov, Talwar, Zhang 2019, arXiv:1908.10530. Changing any setting stops the sweep.
 */
import { clientsPerRound } from '$lib/sim/algorithms/sampling';
import type { SimEvent } from '$lib/sim/core/events';
import { epsilonAfter } from '$lib/sim/privacy/epsilon-after';
import type { Scenario } from '$lib/sim/scenario';
import type { BatchRunner } from '$lib/state/batch-runs';
import { toScenario, withValues, type Values } from '$lib/state/fields';
import { RunQueue, type QueueCell, type QueueItem } from '$lib/state/run-queue.svelte';
import { latestSpent, type XY } from '$lib/viz/privacy';

/** What the sweep reads of a cell, besides what the queue needs (`CellState` has it). */
export interface SweepCell extends QueueCell {
	readonly bridge: QueueCell['bridge'] & {
		readonly events: readonly SimEvent[];
		readonly metrics: readonly { readonly accuracy: number }[];
	};
}

/** One σ of the sweep, or `off` (plain FedAvg). */
export type SweepSigma = number | 'off';

export interface SigmaPoint {
	readonly sigma: SweepSigma;
	readonly label: string;
	/** Final test accuracy (null: the run evaluated nothing). */
	readonly accuracy: number | null;
	/** ε after the last round (null without DP; ∞ for σ = 0, clipping only). */
	readonly epsilon: number | null;
	readonly delta: number | null;
	readonly rounds: number;
}

/**
 * The small setting of the sweep: many clients per round, so that the noise on the mean, σS/m,
 * stays small enough to learn (DP-FedAvg's paper uses hundreds to thousands a round); central DP,
 * S = 1; 30 rounds of K = 500, C = 0.2 (m = 100, q = 0.2), 16 digits per client.
 */
export const SWEEP_SETTING: Values = {
	K: 500,
	C: 0.2,
	E: 1,
	B: 16,
	lr: 0.2,
	rounds: 30,
	dpclip: 1,
	dpmode: 'central',
	secagg: false
};

export const SWEEP_SIGMAS: readonly SweepSigma[] = ['off', 0.5, 1, 2, 4];

const keyOf = (s: SweepSigma) => `sigma-${s}`;
const labelOf = (s: SweepSigma) => (s === 'off' ? 'no DP' : `σ = ${s}`);

/** ε of a scenario's central DP after all its rounds (null without DP). */
export function epsilonOfRun(s: Scenario): { epsilon: number; delta: number } | null {
	const dp = s.privacy.dp;
	if (!dp || s.algorithm.kind !== 'fedavg') return null;
	const q = clientsPerRound(s.algorithm.clientFraction, s.clients) / s.clients;
	return { epsilon: epsilonAfter(dp, q, s.rounds), delta: dp.delta };
}

/** A finished run's point, read from the cell (animated mode). */
export function pointOf(sigma: SweepSigma, cell: SweepCell, rounds: number): SigmaPoint {
	const spent = latestSpent(cell.bridge.events);
	return {
		sigma,
		label: labelOf(sigma),
		accuracy: cell.bridge.metrics.at(-1)?.accuracy ?? null,
		epsilon: sigma === 'off' ? null : (spent?.epsilon ?? null),
		delta: sigma === 'off' ? null : (spent?.delta ?? null),
		rounds
	};
}

export class SigmaSweep {
	readonly queue: RunQueue<string, SigmaPoint>;
	readonly #sigmas: readonly SweepSigma[];
	readonly #setting: Values;

	/**
	 * `runner`: engine workers for batch mode (`cellBatch(cell)` on the page); without it, or where
	 * workers cannot start, the runs play animated in the cell one after another.
	 */
	constructor(
		cell: SweepCell,
		sigmas: readonly SweepSigma[] = SWEEP_SIGMAS,
		setting: Values = SWEEP_SETTING,
		runner?: (size: number) => BatchRunner | null
	) {
		this.#sigmas = sigmas;
		this.#setting = setting;
		const sigmaOf = (key: string) => sigmas.find((s) => keyOf(s) === key) as SweepSigma;
		this.queue = new RunQueue(cell, {
			finish: 'jump',
			result: (item) => pointOf(sigmaOf(item.key), cell, Number(cell.values.rounds)),
			batch: runner && {
				runner,
				preset: (item) => item.label,
				result: (item, outcome) => {
					const parsed = toScenario(withValues(cell.values, item.values));
					const spent = parsed.ok ? epsilonOfRun(parsed.scenario) : null;
					return {
						sigma: sigmaOf(item.key),
						label: item.label,
						accuracy: outcome.metrics.at(-1)?.accuracy ?? null,
						epsilon: spent?.epsilon ?? null,
						delta: spent?.delta ?? null,
						rounds: parsed.ok ? parsed.scenario.rounds : 0
					};
				}
			}
		});
	}

	get active(): boolean {
		return this.queue.active;
	}

	get total(): number {
		return this.queue.items.length;
	}

	/** The finished runs, in sweep order. */
	get points(): readonly SigmaPoint[] {
		return this.queue.results.map((r) => r.value);
	}

	/** Accuracy against ε of the finished DP runs with a finite ε, by increasing ε. */
	get curve(): XY[] {
		return this.points
			.filter((p) => p.accuracy !== null && p.epsilon !== null && Number.isFinite(p.epsilon))
			.map((p) => ({ x: p.epsilon as number, y: p.accuracy as number }))
			.sort((a, b) => a.x - b.x);
	}

	/** The no-DP run's accuracy, once it has finished. */
	get baseline(): number | null {
		return this.points.find((p) => p.sigma === 'off')?.accuracy ?? null;
	}

	/** The runs of the sweep: the setting plus one σ each. */
	items(): QueueItem[] {
		return this.#sigmas.map((s) => ({
			key: keyOf(s),
			label: labelOf(s),
			values: { ...this.#setting, dpsigma: s }
		}));
	}

	/** Starts the sweep (clears the chart's earlier runs); false if the settings are invalid. */
	start(): boolean {
		return this.queue.start(this.items());
	}

	/** Stops after the run under way; keeps the points so far. */
	stop(): void {
		this.queue.cancel();
	}
}
