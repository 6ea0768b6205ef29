/**
 * The run pool's worker entry, in plain JavaScript (see pool-worker-entry.mjs for why): registers
 * tsx in the worker and loads the real worker, run-worker.ts.
 */
import { register } from 'tsx/esm/api';

register();
const { default: runScenario } = await import('./run-worker.ts');

export default runScenario;
