/**
 * FedProx's partial work — Li, Sahu, Zaheer, Sanjabi, Talwalkar, Smith 2020, "Federated
 * Optimization in Heterogeneous Networks", arXiv:1812.06127: instead of dropping a straggler
 * that cannot finish E epochs before the deadline, let it do less (a γ-inexact local solution)
 * and send what it has. Here the job is cut to the mini-batch steps that fit in the time left
 * (at least one); a job that fits is returned unchanged.
 */
import { batchOf, localSamples, localStepCount } from '../core/local-work';
import type { TrainJob } from '../core/trainer';

type Job = Omit<TrainJob, 'indices'>;

/** The job cut to fit `seconds` of training at `speed` samples per second on n samples. */
export function partialJob(job: Job, n: number, seconds: number, speed: number): Job {
	if (localSamples(n, job) <= seconds * speed) return job;
	const b = batchOf(n, job.batchSize);
	const fits = Math.max(1, Math.floor((Math.max(0, seconds) * speed) / b));
	return { ...job, steps: Math.min(fits, localStepCount(n, job)) };
}
