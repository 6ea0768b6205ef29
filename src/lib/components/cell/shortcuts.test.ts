import { describe, expect, it } from 'vitest';
import { isTextField, shortcutFor } from './shortcuts';

/** A stand-in for a focused element: its tag, input type, contenteditable and ancestors. */
function el(tagName: string, opts: { type?: string; editable?: boolean; inside?: string } = {}) {
	return {
		tagName,
		type: opts.type ?? '',
		isContentEditable: opts.editable ?? false,
		closest: (sel: string) =>
			opts.inside && sel.split(',').some((s) => s.trim() === opts.inside) ? {} : null
	} as unknown as EventTarget;
}

function key(k: string, target: EventTarget | null = null, shiftKey = false) {
	return { key: k, ctrlKey: false, metaKey: false, altKey: false, shiftKey, target };
}

describe('isTextField', () => {
	it.each([
		['INPUT', 'text', true],
		['INPUT', 'search', true],
		['INPUT', 'number', true],
		['INPUT', '', true],
		['INPUT', 'range', false],
		['INPUT', 'checkbox', false],
		['INPUT', 'radio', false],
		['INPUT', 'button', false],
		['TEXTAREA', '', true],
		['SELECT', '', true],
		['BUTTON', '', false],
		['DIV', '', false],
		['BODY', '', false]
	])('%s type=%s: %s', (tag, type, want) => {
		expect(isTextField(el(tag, { type }))).toBe(want);
	});

	it('contenteditable is a text field; no target is not', () => {
		expect(isTextField(el('DIV', { editable: true }))).toBe(true);
		expect(isTextField(null)).toBe(false);
	});
});

describe('shortcutFor', () => {
	const body = el('BODY');
	it.each([
		[' ', false, 'play'],
		['ArrowRight', false, 'step'],
		['ArrowRight', true, 'stepPhase'],
		['r', false, 'reset'],
		['R', false, 'reset'],
		['?', false, 'help'],
		['p', false, 'present'],
		['c', false, 'controls'],
		['Escape', false, 'exit'],
		['x', false, null]
	])('%s (shift %s) anywhere on the page: %s', (k, shift, want) => {
		expect(shortcutFor(key(k, body, shift))).toBe(want);
	});

	it('typing in a text field is never a shortcut (Escape still leaves presentation)', () => {
		for (const field of [el('INPUT', { type: 'text' }), el('TEXTAREA'), el('SELECT')]) {
			for (const k of [' ', 'r', 'p', '?', 'ArrowRight', 'c'])
				expect(shortcutFor(key(k, field))).toBeNull();
			expect(shortcutFor(key('Escape', field))).toBe('exit');
		}
		expect(shortcutFor(key('r', el('DIV', { editable: true })))).toBeNull();
	});

	it('controls keep their own keys, and other keys still work there', () => {
		expect(shortcutFor(key(' ', el('BUTTON', { inside: 'button' })))).toBeNull();
		expect(shortcutFor(key('r', el('BUTTON', { inside: 'button' })))).toBe('reset');
		expect(shortcutFor(key('ArrowRight', el('INPUT', { type: 'range' })))).toBeNull();
		expect(shortcutFor(key(' ', el('INPUT', { type: 'range' })))).toBe('play');
		expect(shortcutFor(key(' ', el('INPUT', { type: 'checkbox' })))).toBeNull();
		expect(shortcutFor(key('p', el('INPUT', { type: 'checkbox' })))).toBe('present');
	});

	it('modifier keys are the browser’s', () => {
		expect(shortcutFor({ ...key('r', body), ctrlKey: true })).toBeNull();
		expect(shortcutFor({ ...key('p', body), metaKey: true })).toBeNull();
	});
});
