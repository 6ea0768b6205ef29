/**
 * A student's page: joins a classroom session, trains the class model on its own shard of the
 * bundled digits with tfjs (the project's `TfTrainer`), and sends back the update, optionally a
 * bad one (the "send a bad update" switch, when the lecturer allows it). Only the model comes in
 * and only the update goes out: the shard is a list of indices into the digits every page already
 * has, and the pixels never leave the device. A lost connection is retried with the seat's token,
 * and the job in progress resumes.
 */
import { encodeFrame, decodeFrame } from '$lib/hosts/classroom/protocol';
import type {
	AssignMessage,
	ClassroomAttack,
	ModelHeader,
	ServerMessage
} from '$lib/hosts/classroom/protocol';
import { wasmUrls } from '$lib/hosts/worker/wasm-urls';
import { trySetBackend } from '$lib/ml/backend';
import { TfTrainer } from '$lib/ml/tf-trainer';
import { fetchMnist, makeBlobs, type Dataset } from '$lib/sim/core/dataset';
import { createRng } from '$lib/sim/core/rng';
import { gaussianUpdate } from '$lib/sim/robust/attacks/gaussian';
import { signFlip } from '$lib/sim/robust/attacks/sign-flip';

export type StudentStatus =
	| 'idle'
	| 'connecting'
	| 'waiting'
	| 'loading'
	| 'training'
	| 'sent'
	| 'ended'
	| 'closed'
	| 'unreachable';

/** The sign flip's λ and the noise's σ: the Byzantine chapter's defaults. */
export const SIGN_FLIP_SCALE = 4;
export const NOISE_SIGMA = 0.5;

/** Reconnection attempts after a lost connection. */
const RETRIES = 10;

export class ClassroomStudentState {
	status = $state<StudentStatus>('idle');
	error = $state<string | null>(null);
	name = $state('');
	seat = $state<number | null>(null);
	client = $state<number | null>(null);
	round = $state(0);
	shardSize = $state(0);
	labelCounts = $state.raw<number[]>([]);
	localAccuracy = $state<number | null>(null);
	classAccuracy = $state<number | null>(null);
	bytesSent = $state(0);
	updatesSent = $state(0);
	allowAttacks = $state(false);
	attack = $state<ClassroomAttack>('none');
	/** Train on the shard of bundled digits, or on the digits the student drew. */
	source = $state<'shard' | 'handwriting'>('shard');
	/** The student's own digits (28×28, MNIST-style): they never leave the device. */
	drawings = $state.raw<{ label: number; x: Float32Array }[]>([]);
	#hand: { drawings: unknown; hidden: number; trainer: TfTrainer } | null = null;
	#ws: WebSocket | null = null;
	#url = '';
	#code = '';
	#mnistUrl = '';
	#dataset: Promise<Dataset> | null = null;
	#backendReady: Promise<void> | null = null;
	#trainer: { hidden: number; trainer: TfTrainer } | null = null;
	#assign: AssignMessage | null = null;
	#indices = new Int32Array(0);
	#token: string | null = null;
	#retries = 0;
	#stopped = false;
	#queue: Promise<void> = Promise.resolve();
	/** Extra milliseconds before sending each update (`?delay=` — a slow phone, for demos and tests). */
	delayMs = 0;

	/** Adds a drawn digit to the student's own data set. */
	addDrawing(label: number, x: Float32Array): void {
		this.drawings = [...this.drawings, { label, x }];
	}

	clearDrawings(): void {
		this.drawings = [];
	}

	/** Digits per class of the data the next update trains on. */
	get trainingCounts(): number[] {
		if (this.source === 'shard') return this.labelCounts;
		const counts = new Array<number>(10).fill(0);
		for (const d of this.drawings) counts[d.label]!++;
		return counts;
	}

	/** Joins `code` on the server at `url` (a WebSocket URL); returns the cleanup. */
	join(url: string, code: string, name: string, mnistUrl: string): () => void {
		this.#url = url;
		this.#code = code;
		this.#mnistUrl = mnistUrl;
		this.name = name;
		const saved = sessionStorage.getItem(`classroom/${code}`);
		if (saved) {
			const s = JSON.parse(saved) as { seat: number; token: string };
			this.seat = s.seat;
			this.#token = s.token;
		}
		this.#open();
		return () => {
			this.#stopped = true;
			this.#ws?.close();
		};
	}

	#open(): void {
		this.status = 'connecting';
		const ws = new WebSocket(this.#url);
		ws.binaryType = 'arraybuffer';
		this.#ws = ws;
		let opened = false;
		ws.onopen = () => {
			opened = true;
			this.#retries = 0;
			const hello: Record<string, unknown> = {
				kind: 'hello',
				role: 'student',
				session: this.#code
			};
			if (this.name.trim()) hello.name = this.name.trim().slice(0, 40);
			if (this.seat !== null && this.#token) {
				hello.seat = this.seat;
				hello.token = this.#token;
			}
			ws.send(JSON.stringify(hello));
		};
		ws.onmessage = (e) => {
			if (typeof e.data === 'string') this.#receive(JSON.parse(e.data) as ServerMessage);
			else this.#job(new Uint8Array(e.data as ArrayBuffer));
		};
		ws.onclose = () => {
			if (this.#ws !== ws) return;
			if (this.#stopped || this.status === 'closed') return;
			if (!opened && this.#retries === 0) {
				this.status = 'unreachable';
				return;
			}
			if (this.#retries++ < RETRIES) {
				this.status = 'connecting';
				setTimeout(() => this.#open(), 1000);
			} else this.status = 'closed';
		};
	}

	#receive(m: ServerMessage): void {
		switch (m.kind) {
			case 'welcome':
				this.seat = m.seat;
				this.#token = m.token;
				this.name = m.name;
				sessionStorage.setItem(
					`classroom/${this.#code}`,
					JSON.stringify({ seat: m.seat, token: m.token })
				);
				if (this.status === 'connecting') this.status = 'waiting';
				// load the digits and tfjs while the lecturer waits for the others
				this.#queue = this.#queue
					.then(async () => {
						await this.#data('mnist');
						await this.#backend();
					})
					.catch((e) => this.#fail(e));
				break;
			case 'assign':
				this.#assign = m;
				this.client = m.client;
				this.allowAttacks = m.allowAttacks;
				if (!m.allowAttacks) this.attack = 'none';
				this.#indices = Int32Array.from(m.indices);
				this.shardSize = m.indices.length;
				this.localAccuracy = null;
				this.classAccuracy = null;
				this.status = 'loading';
				this.#queue = this.#queue.then(() => this.#prepare(m)).catch((e) => this.#fail(e));
				break;
			case 'metrics':
				this.classAccuracy = m.accuracy;
				break;
			case 'runEnded':
				this.status = 'ended';
				break;
			case 'error':
				this.error = m.message;
				if (m.code === 'kicked' || m.code === 'bad-token' || m.code === 'session-full') {
					this.status = 'closed';
					if (m.code === 'bad-token') sessionStorage.removeItem(`classroom/${this.#code}`);
				}
				break;
			default:
				break;
		}
	}

	/** Loads the digits and the model for a run, and counts the shard's labels. */
	async #prepare(m: AssignMessage): Promise<void> {
		const data = await this.#data(m.dataset);
		const counts = new Array<number>(data.numClasses).fill(0);
		for (const i of this.#indices) counts[data.train.y[i] as number]!++;
		this.labelCounts = counts;
		await this.#model(m.hidden);
		if (this.status === 'loading') this.status = 'waiting';
	}

	#data(name: AssignMessage['dataset']): Promise<Dataset> {
		if (name === 'blobs') return Promise.resolve(makeBlobs(createRng(7)));
		this.#dataset ??= fetchMnist(this.#mnistUrl);
		return this.#dataset;
	}

	#backend(): Promise<void> {
		this.#backendReady ??= trySetBackend('wasm', wasmUrls(location.href)).then(async (ok) => {
			if (!ok) await trySetBackend('cpu');
		});
		return this.#backendReady;
	}

	async #model(hidden: number): Promise<TfTrainer> {
		if (this.#trainer?.hidden === hidden) return this.#trainer.trainer;
		await this.#backend();
		this.#trainer?.trainer.dispose();
		const data = await this.#data(this.#assign?.dataset ?? 'mnist');
		const trainer = new TfTrainer(
			data,
			{ kind: 'mlp', hidden: hidden > 0 ? [hidden] : [] },
			{ testLimit: 1000 }
		);
		this.#trainer = { hidden, trainer };
		return trainer;
	}

	/**
	 * A trainer over the student's drawings (the training set) and the bundled test digits (for
	 * the local accuracy), rebuilt when the drawings change.
	 */
	async #handModel(hidden: number): Promise<TfTrainer> {
		const drawings = this.drawings;
		if (this.#hand?.drawings === drawings && this.#hand.hidden === hidden)
			return this.#hand.trainer;
		await this.#backend();
		const mnist = await this.#data('mnist');
		const x = new Float32Array(drawings.length * 784);
		drawings.forEach((d, i) => x.set(d.x, i * 784));
		const data: Dataset = {
			...mnist,
			train: { n: drawings.length, x, y: Uint8Array.from(drawings, (d) => d.label) }
		};
		this.#hand?.trainer.dispose();
		const trainer = new TfTrainer(
			data,
			{ kind: 'mlp', hidden: hidden > 0 ? [hidden] : [] },
			{ testLimit: 1000 }
		);
		this.#hand = { drawings, hidden, trainer };
		return trainer;
	}

	/** A training job: train on the shard, maybe spoil the update, send it. */
	#job(buf: Uint8Array): void {
		const f = decodeFrame(buf);
		if (!f.ok) return;
		const job = f.header as ModelHeader;
		this.#queue = this.#queue.then(() => this.#train(job, f.payload)).catch((e) => this.#fail(e));
	}

	async #train(job: ModelHeader, base: Float32Array): Promise<void> {
		const assign = this.#assign;
		if (!assign || job.client !== assign.client) return;
		this.round = job.round;
		this.status = 'training';
		const own = this.source === 'handwriting' && this.drawings.length > 0;
		const trainer = own ? await this.#handModel(assign.hidden) : await this.#model(assign.hidden);
		const result = await trainer.train(base, {
			indices: own ? Int32Array.from(this.drawings, (_, i) => i) : this.#indices,
			epochs: job.epochs,
			batchSize: job.batchSize,
			learningRate: job.learningRate,
			rng: createRng(job.seed)
		});
		const attack = this.allowAttacks ? this.attack : 'none';
		const sent = spoil(result.weights, base, attack, job.seed);
		if (this.delayMs > 0) await new Promise((r) => setTimeout(r, this.delayMs));
		const frame = encodeFrame(
			{
				kind: 'update',
				session: this.#code,
				client: job.client,
				round: job.round,
				loss: Number.isFinite(result.loss) ? result.loss : null,
				attack
			},
			sent
		);
		const ws = this.#ws;
		if (!ws || ws.readyState !== WebSocket.OPEN) return; // resent as a job when it reconnects
		ws.send(frame);
		this.bytesSent += frame.byteLength;
		this.updatesSent++;
		this.status = 'sent';
		this.localAccuracy = (await trainer.evaluate(result.weights)).accuracy;
	}

	#fail(e: unknown): void {
		this.error = (e as Error).message;
	}
}

/** The update the switch sends: honest, −λ × the honest delta, or pure noise around the model. */
export function spoil(
	trained: Float32Array,
	base: Float32Array,
	attack: ClassroomAttack,
	seed: number
): Float32Array {
	if (attack === 'none') return trained;
	const delta =
		attack === 'signFlip'
			? signFlip(
					trained.map((w, i) => w - (base[i] as number)),
					SIGN_FLIP_SCALE
				)
			: gaussianUpdate(base.length, NOISE_SIGMA, createRng(seed ^ 0x5bd1e995));
	return base.map((w, i) => w + (delta[i] as number));
}
