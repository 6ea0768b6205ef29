import { describe, expect, it } from 'vitest';
import { dismiss } from './dismiss';

/** A stand-in for the popup's element: `inside` is the only node it contains. */
const inside = { name: 'inside' };
const popup = { contains: (n: unknown) => n === inside } as unknown as Node;

function setup(open = true) {
	const target = new EventTarget();
	const state = { open, closed: 0, focused: 0 };
	const cleanup = dismiss({
		isOpen: () => state.open,
		close: () => {
			state.open = false;
			state.closed++;
		},
		returnFocus: () => ({ focus: () => void state.focused++ }),
		target
	})(popup);
	const click = (on: unknown) => {
		const e = new Event('click');
		Object.defineProperty(e, 'target', { value: on });
		target.dispatchEvent(e);
	};
	/** Dispatches the key; returns whether it was marked handled (`preventDefault`). */
	const key = (k: string) =>
		!target.dispatchEvent(Object.assign(new Event('keydown', { cancelable: true }), { key: k }));
	return { state, click, key, cleanup };
}

describe('dismiss', () => {
	it('closes on a click outside, not on a click inside', () => {
		const { state, click } = setup();
		click(inside);
		expect(state.closed).toBe(0);
		click({ name: 'elsewhere' });
		expect(state.closed).toBe(1);
	});

	it('closes on Escape and gives the focus back; other keys do nothing', () => {
		const { state, key } = setup();
		key('Enter');
		expect(state.closed).toBe(0);
		key('Escape');
		expect(state).toMatchObject({ closed: 1, focused: 1 });
	});

	it('marks the Escape that closed it handled (the page does not also leave presentation mode)', () => {
		const { key } = setup();
		expect(key('Escape')).toBe(true);
		expect(key('Escape')).toBe(false); // closed now: the next Escape is the page's
	});

	it('does nothing while closed, and nothing after its cleanup', () => {
		const closed = setup(false);
		closed.click({});
		closed.key('Escape');
		expect(closed.state.closed).toBe(0);
		const open = setup();
		open.cleanup?.();
		open.click({});
		expect(open.state.closed).toBe(0);
	});
});
