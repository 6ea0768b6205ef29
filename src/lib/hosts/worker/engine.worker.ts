/// <reference lib="webworker" />
/**
 * The engine's home in the browser: the worker host serving runs of the engine. A run asked to
 * train on N workers starts N trainer workers from here (nested dedicated workers).
 */
import type { EngineJob, EngineReply } from './engine-protocol';
import { EngineService } from './engine-service';
import { serveWorker } from './host';
import { browserDeps } from './host-deps';

serveWorker<EngineJob, EngineReply>(
	self as unknown as DedicatedWorkerGlobalScope,
	(host) =>
		new EngineService(host, {
			// Vite bundles the nested worker only in this literal `new Worker(new URL(…))` form
			spawnTrainer: () =>
				new Worker(new URL('./trainer.worker.ts', import.meta.url), { type: 'module' })
		}),
	browserDeps
);
