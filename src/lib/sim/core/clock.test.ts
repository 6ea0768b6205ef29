import { describe, expect, it } from 'vitest';
import { EventClock } from './clock';

describe('EventClock', () => {
	it('runs actions in time order, ties in scheduling order, and advances now', () => {
		const clock = new EventClock();
		const seen: string[] = [];
		clock.schedule(2, () => void seen.push(`b@${clock.now}`));
		clock.schedule(1, () => void seen.push(`a@${clock.now}`));
		clock.schedule(2, () => void seen.push(`c@${clock.now}`));
		clock.schedule(0.5, () => clock.schedule(1, () => void seen.push(`d@${clock.now}`)));
		for (let a = clock.pop(); a; a = clock.pop()) void a();
		expect(seen).toEqual(['a@1', 'd@1.5', 'b@2', 'c@2']);
	});

	it('refuses negative or NaN delays', () => {
		const clock = new EventClock();
		expect(() => clock.schedule(-1, () => {})).toThrow();
		expect(() => clock.schedule(NaN, () => {})).toThrow();
	});
});
