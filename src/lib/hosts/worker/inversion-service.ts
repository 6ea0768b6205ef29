/**
 * The privacy chapter's worker service: one gradient-inversion experiment at a time on the host's
 * queue (src/lib/ml/inversion/experiment.ts), posting the reconstructions every few iterations so
 * that the page can animate them, and yielding between chunks so that a `stop` is heard; and the
 * cut-layer attack of split learning (src/lib/ml/inversion/cut-experiment.ts), cut by cut.
 */
import { runCutExperiment } from '../../ml/inversion/cut-experiment';
import { runInversion } from '../../ml/inversion/experiment';
import { gradientModel } from '../../ml/inversion/gradient-model';
import type { Dataset } from '../../sim/core/dataset';
import { firstDistinctDigits } from '../../sim/privacy/inversion/client-images';
import type { WorkerHost, WorkerService } from './host';
import type {
	CutRequest,
	InversionJob,
	InversionReply,
	InversionRequest
} from './inversion-protocol';

const D = 784;

/** The client's images: the first training digits with distinct labels, then the following ones. */
export function clientImages(data: Dataset, count: number): { x: Float32Array; labels: number[] } {
	const idx = firstDistinctDigits(data.train.y, data.train.n, count);
	const x = new Float32Array(idx.length * D);
	idx.forEach((k, i) => x.set(data.train.x.subarray(k * D, (k + 1) * D), i * D));
	return { x, labels: idx.map((k) => data.train.y[k] as number) };
}

const pause = () => new Promise((resolve) => setTimeout(resolve, 0));

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
			if (msg.type === 'invert') await this.#invert(msg.id, msg.request, data);
			else await this.#cut(msg.id, msg.request, data);
		});
	}

	async #invert(id: number, req: InversionRequest, data: Dataset): Promise<void> {
		const { x, labels } = clientImages(data, req.images);
		this.#host.post({ type: 'truth', id, images: x, labels });
		const r = await runInversion({
			model: gradientModel(req.model),
			seed: req.seed,
			images: x,
			labels,
			attack: req.attack,
			shared: req.shared,
			reconstruct: req.reconstruct,
			iterations: req.iterations,
			learningRate: req.learningRate,
			tv: req.tv,
			every: req.every,
			onProgress: async (p) => {
				this.#host.post({ type: 'progress', id, ...p });
				await pause();
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

	async #cut(id: number, req: CutRequest, data: Dataset): Promise<void> {
		const spec =
			req.model.kind === 'mlp'
				? { kind: 'mlp' as const, hidden: [...req.model.hidden] }
				: { kind: 'cnn' as const, filters: req.model.filters };
		const indices = firstDistinctDigits(data.train.y, data.train.n, req.samples);
		const go = () => !this.#stopped.has(id);
		await runCutExperiment(data, {
			spec,
			seed: req.seed,
			trainSamples: req.trainSamples,
			indices,
			cuts: req.cuts,
			iterations: req.iterations,
			learningRate: req.learningRate,
			every: req.every,
			onTrained: (accuracy, images, labels) => {
				this.#host.post({ type: 'cutModel', id, accuracy, images, labels: [...labels] });
			},
			onProgress: async (cut, p) => {
				this.#host.post({ type: 'cutProgress', id, cut, iteration: p.iteration, images: p.images });
				await pause();
				return go();
			},
			onCut: async (r) => {
				this.#host.post({
					type: 'cutResult',
					id,
					outcome: {
						cut: r.cut,
						layer: r.layer,
						floats: r.floats,
						images: r.reconstructions,
						quality: r.quality
					}
				});
				await pause();
				return go();
			}
		});
		this.#host.post({ type: 'cutDone', id, stopped: this.#stopped.delete(id) });
	}
}
