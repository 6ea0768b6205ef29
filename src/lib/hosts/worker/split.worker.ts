/// <reference lib="webworker" />
/** The split-learning chapter's worker: the worker host serving `SplitService`. */
import { serveWorker } from './host';
import { browserDeps } from './host-deps';
import type { SplitJob, SplitReply } from './split-protocol';
import { SplitService } from './split-service';

serveWorker<SplitJob, SplitReply>(
	self as unknown as DedicatedWorkerGlobalScope,
	(host) => new SplitService(host),
	browserDeps
);
