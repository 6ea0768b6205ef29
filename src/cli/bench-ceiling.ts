/**
 * How much work N threads of this machine really do at once: a CPU-only loop (integer
 * arithmetic, no memory traffic) run on one worker thread, then on N at once. Two "cores" of a
 * virtual machine may share one physical core or a CPU quota; then no pool can scale past this
 * ratio, and the pool's ratio in `npm run bench` is to be read against it.
 */
import { Worker } from 'node:worker_threads';

const LOOP = `
const { parentPort, workerData } = require('node:worker_threads');
let x = 0;
const t0 = performance.now();
for (let i = 0; i < workerData; i++) x = (x + i * 7) | 0;
parentPort.postMessage({ ms: performance.now() - t0, x });
`;

function spin(iterations: number): Promise<number> {
	return new Promise((resolve, reject) => {
		const w = new Worker(LOOP, { eval: true, workerData: iterations });
		w.once('message', (m: { ms: number }) => {
			resolve(m.ms);
			void w.terminate();
		});
		w.once('error', reject);
	});
}

/**
 * Work per second of `threads` loops at once over that of one loop (ideal: `threads`): the median
 * of `pairs` measurements, each one loop alone then `threads` at once (a shared machine's speed
 * drifts within seconds, so one pair can be far off).
 */
export async function parallelCeiling(
	threads: number,
	iterations = 2e8,
	pairs = 5
): Promise<number> {
	await spin(iterations / 10); // warm-up: thread start, JIT
	const ratios: number[] = [];
	for (let i = 0; i < pairs; i++) {
		const one = await spin(iterations);
		const many = await Promise.all(Array.from({ length: threads }, () => spin(iterations)));
		ratios.push((threads * one) / Math.max(...many));
	}
	ratios.sort((a, b) => a - b);
	return ratios[Math.floor(ratios.length / 2)] as number;
}
