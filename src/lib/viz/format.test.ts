import { describe, expect, it } from 'vitest';
import {
	formatBytes,
	formatCount,
	formatLoss,
	formatNumber,
	formatPercent,
	formatSeconds,
	timeTickFormatter
} from './format';

describe('formatBytes', () => {
	it.each([
		[0, '0 B'],
		[999, '999 B'],
		[1000, '1 kB'],
		[1234, '1.23 kB'],
		[99_949, '99.9 kB'],
		[795_048, '795 kB'],
		[999_999, '1 MB'],
		[5e6, '5 MB'],
		[15_900_000, '15.9 MB'],
		[2.5e9, '2.5 GB'],
		[3e12, '3 TB'],
		[-2048, '-2.05 kB'],
		[Number.NaN, '–']
	])('%d → %s', (bytes, text) => {
		expect(formatBytes(bytes)).toBe(text);
	});
});

describe('formatSeconds', () => {
	it.each([
		[0, '0 s'],
		[0.25, '0.25 s'],
		[0.0512, '0.05 s'],
		[12.34, '12.3 s'],
		[59.9, '59.9 s'],
		[60, '1 min'],
		[125, '2 min 5 s'],
		[3599.4, '59 min 59 s'],
		[3600, '1 h'],
		[3780, '1 h 3 min'],
		[-5, '-5 s'],
		[Infinity, '–']
	])('%d → %s', (s, text) => {
		expect(formatSeconds(s)).toBe(text);
	});
});

describe('timeTickFormatter', () => {
	it('picks one unit from the axis maximum', () => {
		expect(timeTickFormatter(100)(50)).toBe('50 s');
		expect(timeTickFormatter(600)(90)).toBe('1.5 min');
		expect(timeTickFormatter(36_000)(5400)).toBe('1.5 h');
	});
});

describe('other formats', () => {
	it('formats percentages, losses and counts', () => {
		expect(formatPercent(0.91234)).toBe('91.2 %');
		expect(formatPercent(1, 0)).toBe('100 %');
		expect(formatLoss(0.123456)).toBe('0.1235');
		expect(formatLoss(2.302585)).toBe('2.303');
		expect(formatLoss(Number.NaN)).toBe('–');
		expect(formatCount(1234567)).toBe('1,234,567');
	});
});

describe('formatNumber', () => {
	it.each([
		[0.1, '0.1'],
		[0.123456, '0.12'],
		[12.345, '12.3'],
		[123.4, '123'],
		[12345, '12,345'],
		[Number.NaN, 'NaN']
	])('%d → %s', (n, text) => {
		expect(formatNumber(n)).toBe(text);
	});
});
