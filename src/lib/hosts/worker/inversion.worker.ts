/// <reference lib="webworker" />
/** The privacy chapter's worker: the worker host serving `InversionService`. */
import { serveWorker } from './host';
import { browserDeps } from './host-deps';
import type { InversionJob, InversionReply } from './inversion-protocol';
import { InversionService } from './inversion-service';

serveWorker<InversionJob, InversionReply>(
	self as unknown as DedicatedWorkerGlobalScope,
	(host) => new InversionService(host),
	browserDeps
);
