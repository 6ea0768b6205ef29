/**
 * One worker of `RunPool`: plays whole scenarios to the end on the wasm backend, training on this
 * thread, and returns their evaluations and divergence.
 */
import { initNodeBackend } from '../../ml/backend';
import type { EventOf } from '../../sim/core/events';
import type { Scenario } from '../../sim/core/schema';
import { createNodeRun } from './run';

export interface RunSummary {
	readonly metrics: readonly EventOf<'evaluated'>[];
	readonly diverged: boolean;
	/** Real milliseconds the run took in the worker. */
	readonly ms: number;
}

const ready = initNodeBackend('wasm', () => {
	throw new Error('run worker: the wasm backend could not start');
});

export default async function runScenario(scenario: Scenario): Promise<RunSummary> {
	await ready;
	const t0 = performance.now();
	const run = createNodeRun(scenario);
	let diverged = false;
	run.engine.on((e) => {
		if (e.type === 'diverged') diverged = true;
	});
	try {
		await run.engine.run();
	} finally {
		run.dispose();
	}
	return { metrics: run.engine.metrics, diverged, ms: performance.now() - t0 };
}
