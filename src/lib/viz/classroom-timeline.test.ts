import { describe, expect, it } from 'vitest';
import type { SimEvent } from '../sim/core/events';
import { roundTimeline } from './classroom-timeline';

describe('roundTimeline', () => {
	it('marks used, late, lost and missing clients per round', () => {
		const events: SimEvent[] = [
			{ type: 'roundStarted', t: 1, round: 1, selected: [0, 1, 2, 3] },
			{
				type: 'message',
				t: 1.5,
				round: 1,
				kind: 'update',
				from: 2,
				to: 'server',
				bytes: 8,
				arrives: 1.501,
				lost: true
			},
			{ type: 'aggregated', t: 4, round: 1, contributors: [0, 1], rule: 'mean' },
			{ type: 'updateDropped', t: 5, round: 1, client: 3, reason: 'past the deadline' },
			{ type: 'roundStarted', t: 6, round: 2, selected: [0, 1] }
		];
		expect(roundTimeline(events)).toEqual([
			{
				round: 1,
				seconds: 3,
				clients: [
					{ client: 0, outcome: 'used' },
					{ client: 1, outcome: 'used' },
					{ client: 2, outcome: 'lost' },
					{ client: 3, outcome: 'late', reason: 'past the deadline' }
				]
			},
			{
				round: 2,
				seconds: null,
				clients: [
					{ client: 0, outcome: 'missing' },
					{ client: 1, outcome: 'missing' }
				]
			}
		]);
	});
});
