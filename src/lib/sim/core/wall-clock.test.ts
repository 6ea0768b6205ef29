import { describe, expect, it } from 'vitest';
import { WallClock } from './wall-clock';

describe('WallClock', () => {
	it('pops only due actions, in time order then scheduling order', () => {
		let ms = 1000;
		const clock = new WallClock(() => ms);
		const seen: string[] = [];
		clock.schedule(2, () => void seen.push('b'));
		clock.schedule(1, () => void seen.push('a'));
		clock.schedule(2, () => void seen.push('c'));
		expect(clock.pop()).toBeNull();
		ms += 1500;
		expect(clock.now).toBe(1.5);
		for (let a = clock.pop(); a; a = clock.pop()) void a();
		expect(seen).toEqual(['a']);
		ms += 500;
		for (let a = clock.pop(); a; a = clock.pop()) void a();
		expect(seen).toEqual(['a', 'b', 'c']);
		expect(clock.pending).toBe(0);
	});

	it('next() resolves when an action comes due, wake() ends the wait early', async () => {
		const clock = new WallClock();
		clock.schedule(0.02, () => {});
		const t0 = performance.now();
		await clock.next();
		expect(performance.now() - t0).toBeGreaterThanOrEqual(15);
		expect(clock.pop()).not.toBeNull();
		const idle = clock.next(); // nothing scheduled: waits for wake()
		clock.wake();
		await idle;
	});

	it('released() resolves on release()', async () => {
		const clock = new WallClock();
		const r = clock.released();
		clock.release();
		await r;
	});

	it('refuses negative or NaN delays', () => {
		const clock = new WallClock();
		expect(() => clock.schedule(-1, () => {})).toThrow();
		expect(() => clock.schedule(NaN, () => {})).toThrow();
	});
});
