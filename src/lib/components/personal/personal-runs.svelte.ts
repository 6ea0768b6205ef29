/**
 * The per-client figures of a cell's earlier runs, for the personalization table: the last round's
 * spread of every model each run measured. The cell keeps only the ghosts' `evaluated` points, so
 * this remembers the current run's latest spreads and keeps them when a new run replaces it. The
 * panel shows a remembered run only while the cell still has it as a ghost (same run number), so
 * "Clear earlier runs" clears the table too.
 */
import type { SpreadPoint, SpreadSeries } from '$lib/viz/client-spread';

export interface RunFinals {
	readonly n: number;
	readonly finals: readonly (Omit<SpreadSeries, 'points'> & { readonly last: SpreadPoint })[];
}

/** How many earlier runs are remembered (the cell keeps at most this many ghosts). */
const KEEP = 8;

export class PersonalRuns {
	/** Earlier runs, oldest first. Replaced, never mutated. */
	earlier = $state.raw<readonly RunFinals[]>([]);
	#current: RunFinals | null = null;

	/**
	 * Takes in the current run `n`'s series so far (null while its first events have not arrived);
	 * a new run number moves the previous run's figures to `earlier`.
	 */
	see(n: number, series: readonly SpreadSeries[] | null): void {
		if (this.#current?.n !== n) {
			const done = this.#current;
			if (done?.finals.length) this.earlier = [...this.earlier, done].slice(-KEEP);
			this.#current = { n, finals: [] };
		}
		if (!series) return;
		this.#current = {
			n,
			finals: series.flatMap(({ points, ...s }) => {
				const last = points.at(-1);
				return last ? [{ ...s, last }] : [];
			})
		};
	}
}
