import { describe, expect, it } from 'vitest';
import type { SpreadSeries } from '$lib/viz/client-spread';
import { PersonalRuns } from './personal-runs.svelte';

const series = (mean: number, rounds = 2): SpreadSeries[] => [
	{
		model: 'global',
		label: 'Global model',
		color: '#000',
		points: Array.from({ length: rounds }, (_, i) => ({
			round: i + 1,
			n: 4,
			mean: mean + i,
			min: 0,
			p10: 0,
			p90: 1,
			max: 1
		}))
	}
];

describe('PersonalRuns', () => {
	it('keeps a run’s last round when the next run starts, once', () => {
		const h = new PersonalRuns();
		h.see(1, null);
		h.see(1, series(0.1, 1));
		h.see(1, series(0.1, 2));
		expect(h.earlier).toEqual([]);
		h.see(2, null); // the new run's first events have not arrived
		h.see(2, null);
		expect(h.earlier).toHaveLength(1);
		expect(h.earlier[0]?.n).toBe(1);
		expect(h.earlier[0]?.finals.map((f) => [f.model, f.last.round, f.last.mean])).toEqual([
			['global', 2, 1.1]
		]);
	});

	it('forgets a run that measured nothing', () => {
		const h = new PersonalRuns();
		h.see(1, []);
		h.see(2, series(0.5));
		h.see(3, null);
		expect(h.earlier.map((r) => r.n)).toEqual([2]);
	});
});
