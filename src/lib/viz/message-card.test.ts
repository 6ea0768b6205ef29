import { describe, expect, it } from 'vitest';
import { attackText, clockTime, figure, nodeName } from './message-card';

describe('message card words', () => {
	it.each([
		[0.5, '0.500'],
		[12.345, '12.3'],
		[123456, '1.23e+5'],
		[0.0001234, '1.23e-4'],
		[0, '0.00'],
		[NaN, 'NaN'],
		[Infinity, '∞']
	])('figure(%f) = %s', (x, s) => expect(figure(x)).toBe(s));

	it('names, times and attacks', () => {
		expect(nodeName('server')).toBe('server');
		expect(nodeName(3)).toBe('client 3');
		expect(clockTime(1.23456)).toBe('1.235 s');
		expect(clockTime(61.5)).toBe('61.50 s');
		expect(attackText({ kind: 'gaussian', params: { sigma: 0.5 } })).toBe(
			'Gaussian noise (sigma = 0.5)'
		);
		expect(attackText({ kind: 'unknown', params: {} })).toBe('unknown');
	});
});
