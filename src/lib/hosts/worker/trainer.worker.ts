/// <reference lib="webworker" />
/** A trainer worker of the browser's pool, started by the engine worker (a nested worker). */
import { serveWorker } from './host';
import { browserDeps } from './host-deps';
import type { TrainerJob, TrainerReply } from './trainer-protocol';
import { TrainerService } from './trainer-service';

serveWorker<TrainerJob, TrainerReply>(
	self as unknown as DedicatedWorkerGlobalScope,
	(host) => new TrainerService(host),
	browserDeps
);
