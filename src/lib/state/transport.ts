/**
 * What a transport bar drives: one cell (`CellState`), or two side by side in lock-step
 * (`ComparePair`), which offers the same members.
 */
import type { CellState } from './cell.svelte';
import type { Speed } from './playback';

export type Transport = Pick<
	CellState,
	| 'playing'
	| 'parsed'
	| 'values'
	| 'hidden'
	| 'cost'
	| 'togglePlay'
	| 'step'
	| 'reset'
	| 'set'
	| 'newSeed'
> & {
	/** Whether everything is shown (Play then runs again), and the animation speed. */
	readonly playhead: { readonly ended: boolean; speed: Speed };
};
