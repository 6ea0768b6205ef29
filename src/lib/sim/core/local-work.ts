/**
 * How much local work a `TrainJob` is: E epochs over the client's n samples, or exactly k
 * mini-batch steps. Steps walk the same batch sequence as epochs (a fresh shuffle at the start
 * of each pass, the last batch of a pass may be short), so k = E·⌈n/B⌉ steps are E epochs. With
 * k = 1 and a small B, FedAvg is distributed mini-batch SGD.
 */
import type { TrainJob } from './trainer';

type Work = Pick<TrainJob, 'epochs' | 'batchSize' | 'steps'>;

/** The batch size actually used for n samples. */
export function batchOf(n: number, batchSize: TrainJob['batchSize']): number {
	return batchSize === 'full' ? n : Math.min(batchSize, n);
}

/** τ, the number of local SGD steps the job takes on n samples. */
export function localStepCount(n: number, job: Work): number {
	if (n === 0) return 0;
	if (job.steps && job.steps > 0) return job.steps;
	return job.epochs * Math.ceil(n / batchOf(n, job.batchSize));
}

/** Samples the job processes on n samples (what its training time is charged for). */
export function localSamples(n: number, job: Work): number {
	if (!(job.steps && job.steps > 0)) return n * job.epochs;
	const b = batchOf(n, job.batchSize);
	const perPass = Math.ceil(n / b);
	const passes = Math.floor(job.steps / perPass);
	const rest = job.steps - passes * perPass;
	return passes * n + Math.min(rest * b, n);
}
