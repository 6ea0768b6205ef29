import { describe, expect, it } from 'vitest';
import { AvailabilityTimeline } from './availability';
import { createRng } from './core/rng';

describe('AvailabilityTimeline', () => {
	it('answers queries on a hand-written timeline (online, off at 3, on at 5, off at 9)', () => {
		const tl = AvailabilityTimeline.fixed(true, [3, 5, 9]);
		expect([0, 2.9, 3, 4, 5, 8, 9, 100].map((t) => tl.onlineAt(t))).toEqual([
			true,
			true,
			false,
			false,
			true,
			true,
			false,
			false
		]);
		expect(tl.offlineFrom(1)).toBe(3);
		expect(tl.offlineFrom(4)).toBe(4);
		expect(tl.offlineFrom(6)).toBe(9);
		expect(tl.onlineFrom(4)).toBe(5);
		expect(tl.onlineFrom(1)).toBe(1);
		expect(tl.onlineFrom(10)).toBe(Infinity);
		expect(tl.nextChange(3)).toBe(5);
		expect(tl.changesBetween(0, 6)).toEqual([
			{ t: 3, online: false },
			{ t: 5, online: true }
		]);
		expect(() => AvailabilityTimeline.fixed(true, [2, 1])).toThrow(/increasing/);
	});

	it('an always-online client never goes offline', () => {
		const tl = AvailabilityTimeline.random(0, 60, createRng(1));
		expect(tl.alwaysOnline).toBe(true);
		expect(tl.onlineAt(1e9)).toBe(true);
		expect(tl.offlineFrom(5)).toBe(Infinity);
		expect(tl.nextChange(0)).toBe(Infinity);
	});

	it('the on/off process has the stationary online fraction and the mean durations', () => {
		const on = 30;
		const off = 10;
		let onlineTime = 0;
		const onPeriods: number[] = [];
		const offPeriods: number[] = [];
		let initiallyOnline = 0;
		const horizon = 5000;
		for (let k = 0; k < 40; k++) {
			const tl = AvailabilityTimeline.random(on, off, createRng(100 + k));
			if (tl.initiallyOnline) initiallyOnline++;
			let t = 0;
			let online = tl.onlineAt(0);
			for (const c of tl.changesBetween(0, horizon)) {
				if (online) onlineTime += c.t - t;
				if (t > 0) (online ? onPeriods : offPeriods).push(c.t - t); // skip the first, cut period
				t = c.t;
				online = c.online;
			}
			if (online) onlineTime += horizon - t;
		}
		const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
		expect(onlineTime / (40 * horizon)).toBeCloseTo(on / (on + off), 1);
		expect(mean(onPeriods) / on).toBeGreaterThan(0.9);
		expect(mean(onPeriods) / on).toBeLessThan(1.1);
		expect(mean(offPeriods) / off).toBeGreaterThan(0.9);
		expect(mean(offPeriods) / off).toBeLessThan(1.1);
		expect(initiallyOnline).toBeGreaterThan(20); // 3 in 4 start online
	});

	it('is seeded and lazy: asking far ahead first gives the same timeline', () => {
		const a = AvailabilityTimeline.random(5, 5, createRng(7));
		const b = AvailabilityTimeline.random(5, 5, createRng(7));
		expect(b.onlineAt(500)).toBe(a.onlineAt(500));
		expect(a.changesBetween(0, 600)).toEqual(b.changesBetween(0, 600));
		const flips = a.changesBetween(0, 600);
		for (let i = 1; i < flips.length; i++)
			expect((flips[i] as { online: boolean }).online).toBe(
				!(flips[i - 1] as { online: boolean }).online
			);
	});
});
