/**
 * The pool's worker entry, in plain JavaScript: Node checks a worker's entry file before any
 * loader hook runs, so a `.ts` entry fails even under tsx (privatenumber/tsx#354). This file
 * registers tsx in the worker and loads the real worker, pool-worker.ts.
 */
import { register } from 'tsx/esm/api';

register();
const { default: train } = await import('./pool-worker.ts');

export default train;
