import { describe, expect, it } from 'vitest';
import { scales, stalenessPath } from './staleness-plot';

const box = { width: 140, height: 120, left: 20, right: 20, top: 10, bottom: 10 };

describe('staleness plot geometry', () => {
	it('maps staleness 0…max across and weight 1…0 down the box', () => {
		const { x, y } = scales(box, 10);
		expect([x(0), x(5), x(10)]).toEqual([20, 70, 120]);
		expect([y(1), y(0.5), y(0)]).toEqual([10, 60, 110]);
	});

	it('draws each function through its values at whole staleness', () => {
		expect(stalenessPath({ kind: 'constant' }, 2, box)).toBe('M20.0,10.0L70.0,10.0L120.0,10.0');
		// (s + 1)^(−1): 1, 1/2, 1/3
		expect(stalenessPath({ kind: 'polynomial', a: 1 }, 2, box)).toBe(
			'M20.0,10.0L70.0,60.0L120.0,76.7'
		);
		// hinge a = 1, b = 1: 1, 1, 1/2
		expect(stalenessPath({ kind: 'hinge', a: 1, b: 1 }, 2, box)).toBe(
			'M20.0,10.0L70.0,10.0L120.0,60.0'
		);
	});
});
