import { describe, expect, it } from 'vitest';
import { createRng, rngFromState } from './rng';

describe('rng state', () => {
	it('continues a stream draw for draw elsewhere, including the spare normal', () => {
		const r = createRng(42).fork('train/1/3');
		r.next();
		r.normal(); // leaves a spare normal behind
		const copy = rngFromState(structuredClone(r.state()));
		const expected = [r.normal(), r.next(), r.int(1000), r.shuffle([1, 2, 3, 4, 5]).join()];
		expect([
			copy.normal(),
			copy.next(),
			copy.int(1000),
			copy.shuffle([1, 2, 3, 4, 5]).join()
		]).toEqual(expected);
	});

	it('restore moves a stream to where another copy of it got to', () => {
		const r = createRng(7);
		const other = rngFromState(r.state());
		for (let i = 0; i < 10; i++) other.next();
		r.restore(other.state());
		expect(r.next()).toBe(other.next());
		expect(() => r.restore(createRng(8).state())).toThrow(/seed 8 given to seed 7/);
	});
});
