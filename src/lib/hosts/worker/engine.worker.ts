/// <reference lib="webworker" />
/** The engine's home in the browser: the worker host serving runs of the engine. */
import type { EngineJob, EngineReply } from './engine-protocol';
import { EngineService } from './engine-service';
import { serveWorker } from './host';
import { browserDeps } from './host-deps';

serveWorker<EngineJob, EngineReply>(
	self as unknown as DedicatedWorkerGlobalScope,
	(host) => new EngineService(host),
	browserDeps
);
