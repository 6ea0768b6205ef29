/**
 * The privacy chapter's worker service: one gradient-inversion experiment at a time on the host's
 * queue (src/lib/ml/inversion/experiment.ts), posting the reconstructions every few iterations so
 * that the page can animate them, and yielding between chunks so that a `stop` is heard.
 */
import { runInversion } from '../../ml/inversion/experiment';
import type { Dataset } from '../../sim/core/dataset';
import type { WorkerHost, WorkerService } from './host';
import type { InversionJob, InversionReply, InversionRequest } from './inversion-protocol';

const D = 784;

/** The client's images: the first training digits with distinct labels, then the following ones. */
export function clientImages(data: Dataset, count: number): { x: Float32Array; labels: number[] } {
	const idx: number[] = [];
	const seen = new Set<number>();
	for (let i = 0; i < data.train.n && idx.length < Math.min(count, 10); i++) {
		const y = data.train.y[i] as number;
		if (!seen.has(y)) {
			seen.add(y);
			idx.push(i);
		}
	}
	for (let i = 0; i < data.train.n && idx.length < count; i++) if (!idx.includes(i)) idx.push(i);
	const x = new Float32Array(idx.length * D);
	idx.forEach((k, i) => x.set(data.train.x.subarray(k * D, (k + 1) * D), i * D));
	return { x, labels: idx.map((k) => data.train.y[k] as number) };
}

export class InversionService implements WorkerService<InversionJob> {
	readonly #host: WorkerHost<InversionJob, InversionReply>;
	readonly #stopped = new Set<number>();

	constructor(host: WorkerHost<InversionJob, InversionReply>) {
		this.#host = host;
	}

	handle(msg: InversionJob): void {
		if (msg.type === 'stop') {
			this.#stopped.add(msg.id);
			return;
		}
		this.#host.enqueue(msg.id, async () => {
			await this.#host.ready;
			const data = await this.#host.dataset('mnist');
			await this.#invert(msg.id, msg.request, data);
		});
	}

	async #invert(id: number, req: InversionRequest, data: Dataset): Promise<void> {
		const { x, labels } = clientImages(data, req.images);
		this.#host.post({ type: 'truth', id, images: x, labels });
		const r = await runInversion({
			sizes: [D, ...req.hidden, 10],
			seed: req.seed,
			images: x,
			labels,
			attack: req.attack,
			shared: req.shared,
			reconstruct: req.reconstruct,
			iterations: req.iterations,
			every: req.every,
			onProgress: async (p) => {
				this.#host.post({ type: 'progress', id, ...p });
				await new Promise((resolve) => setTimeout(resolve, 0));
				return !this.#stopped.has(id);
			}
		});
		this.#host.post({
			type: 'done',
			id,
			iterations: r.iterations,
			images: r.reconstructions,
			results: r.results,
			stopped: this.#stopped.delete(id)
		});
	}
}
