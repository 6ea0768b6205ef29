/**
 * The split-learning chapter's worker service: answers two kinds of request, one at a time on the
 * host's queue — the smashed data the server receives at every cut (src/lib/ml/split-view.ts) and
 * the label-leakage AUCs of the norm and cosine attacks (src/lib/ml/label-leakage.ts, Li et al.
 * 2022, arXiv:2102.08504). The page never waits on it.
 */
import { measureLabelLeakage } from '../../ml/label-leakage';
import { whatTheServerSees } from '../../ml/split-view';
import { TfTrainer } from '../../ml/tf-trainer';
import type { Dataset } from '../../sim/core/dataset';
import { createRng } from '../../sim/core/rng';
import type { WorkerHost, WorkerService } from './host';
import type { SplitJob, SplitReply } from './split-protocol';

/** The first `count` training examples whose labels all differ. */
export function distinctDigits(data: Dataset, count: number): number[] {
	const out: number[] = [];
	const seen = new Set<number>();
	for (let i = 0; i < data.train.n && out.length < count; i++) {
		const y = data.train.y[i] as number;
		if (!seen.has(y)) {
			seen.add(y);
			out.push(i);
		}
	}
	return out;
}

export class SplitService implements WorkerService<SplitJob> {
	readonly #host: WorkerHost<SplitJob, SplitReply>;

	constructor(host: WorkerHost<SplitJob, SplitReply>) {
		this.#host = host;
	}

	handle(msg: SplitJob): void {
		this.#host.enqueue(msg.id, async () => {
			await this.#host.ready;
			const data = await this.#host.dataset('mnist');
			if (msg.type === 'serverSees') await this.#serverSees(data, msg);
			else await this.#leakage(data, msg);
		});
	}

	async #serverSees(data: Dataset, msg: Extract<SplitJob, { type: 'serverSees' }>): Promise<void> {
		const { id, model } = msg;
		const trainer = new TfTrainer(data, model, { testLimit: 1000 });
		const indices = distinctDigits(data, msg.samples);
		try {
			const rng = createRng(msg.seed);
			const w0 = trainer.initialWeights(rng.fork('init'));
			const before = await trainer.evaluate(w0);
			this.#host.post({
				type: 'serverSees',
				id,
				trained: false,
				accuracy: before.accuracy,
				views: whatTheServerSees(data, model, w0, indices)
			});
			if (msg.trainSamples <= 0) return;
			const n = Math.min(msg.trainSamples, data.train.n);
			const r = await trainer.train(w0, {
				indices: Int32Array.from({ length: n }, (_, i) => i),
				epochs: 1,
				batchSize: 32,
				learningRate: model.kind === 'cnn' ? 0.05 : 0.1,
				rng: rng.fork('train')
			});
			const after = await trainer.evaluate(r.weights);
			this.#host.post({
				type: 'serverSees',
				id,
				trained: true,
				accuracy: after.accuracy,
				views: whatTheServerSees(data, model, r.weights, indices)
			});
		} finally {
			trainer.dispose();
		}
	}

	async #leakage(data: Dataset, msg: Extract<SplitJob, { type: 'leakage' }>): Promise<void> {
		const { protections, ...experiment } = msg.request;
		for (const protection of protections) {
			const result = await measureLabelLeakage(data, { ...experiment, protection });
			this.#host.post({ type: 'leakage', id: msg.id, protection, result });
		}
	}
}
