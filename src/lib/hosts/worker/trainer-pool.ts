/**
 * The engine worker's pool of trainer workers: N workers, each told the host's `init` (with the
 * engine's backend) and the scenario's `setup`, then given one training job at a time through a
 * `SlotQueue`. Replies are routed by job id; a worker that fails to load, or whose backend cannot
 * start, fails the jobs it holds (and every later one sent to it) with the reason.
 */
import type { PoolInit, TrainReply, TrainTask } from '../node/pool-protocol';
import type { HostInit } from './protocol';
import { SlotQueue } from './slot-queue';
import type { FromTrainer, ToTrainer } from './trainer-protocol';

/** The part of a `Worker` the pool uses (a test passes an in-process fake). */
export interface TrainerPort {
	postMessage(msg: unknown): void;
	onmessage: ((e: MessageEvent) => unknown) | null;
	onerror: ((e: ErrorEvent) => unknown) | null;
	terminate(): void;
}

interface Pending {
	readonly port: TrainerPort;
	resolve(reply: TrainReply): void;
	reject(error: Error): void;
}

export class TrainerPool {
	readonly size: number;
	readonly #ports: TrainerPort[] = [];
	#slots: SlotQueue<TrainerPort> | null = null;
	readonly #pending = new Map<number, Pending>();
	readonly #dead = new Map<TrainerPort, string>();
	readonly #start: () => SlotQueue<TrainerPort>;
	#nextId = 1;

	/**
	 * `size` workers made by `spawn`, each initialised with `init` and set up with `setup`; they
	 * start with the first job (a run that is built but never played starts none).
	 */
	constructor(spawn: () => TrainerPort, size: number, init: HostInit, setup: PoolInit) {
		if (!Number.isInteger(size) || size < 1)
			throw new Error(`workers must be a whole number ≥ 1 (got ${size})`);
		this.size = size;
		this.#start = () => {
			for (let i = 0; i < size; i++) this.#ports.push(this.#open(spawn(), init, setup));
			return new SlotQueue(this.#ports);
		};
	}

	/** Trains `task` on the first free worker. */
	run(task: TrainTask): Promise<TrainReply> {
		this.#slots ??= this.#start();
		return this.#slots.use((port) => this.#request(port, task));
	}

	/** Ends every worker; jobs under way fail, queued ones never start. */
	dispose(): void {
		this.#slots?.clear();
		for (const port of this.#ports) {
			port.terminate();
			this.#fail(port, 'the trainer pool was closed');
		}
	}

	#open(port: TrainerPort, init: HostInit, setup: PoolInit): TrainerPort {
		port.onmessage = (e: MessageEvent<FromTrainer>) => this.#receive(port, e.data);
		port.onerror = (e) => {
			e.preventDefault?.();
			this.#fail(port, e.message || 'a trainer worker failed to load');
		};
		port.postMessage(init satisfies ToTrainer);
		port.postMessage({ type: 'setup', id: this.#nextId++, init: setup } satisfies ToTrainer);
		return port;
	}

	#request(port: TrainerPort, task: TrainTask): Promise<TrainReply> {
		const dead = this.#dead.get(port);
		if (dead !== undefined) return Promise.reject(new Error(dead));
		const id = this.#nextId++;
		return new Promise<TrainReply>((resolve, reject) => {
			this.#pending.set(id, { port, resolve, reject });
			port.postMessage({ type: 'train', id, task } satisfies ToTrainer);
		});
	}

	#receive(port: TrainerPort, msg: FromTrainer): void {
		if (msg.type === 'trained') {
			const p = this.#pending.get(msg.id);
			this.#pending.delete(msg.id);
			p?.resolve(msg.reply);
		} else if (msg.type === 'error') {
			if (msg.id === undefined) return this.#fail(port, msg.message);
			const p = this.#pending.get(msg.id);
			this.#pending.delete(msg.id);
			p?.reject(new Error(msg.message));
		}
	}

	/** Marks `port` dead and fails what it holds. */
	#fail(port: TrainerPort, message: string): void {
		if (!this.#dead.has(port)) this.#dead.set(port, message);
		for (const [id, p] of this.#pending)
			if (p.port === port) {
				this.#pending.delete(id);
				p.reject(new Error(message));
			}
	}
}
