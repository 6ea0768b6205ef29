/**
 * The live cell's keyboard shortcuts: which action a key press means, if any. They work wherever
 * the focus is on the page, except in a text field (where keys are typing) and on a control that
 * takes the key itself (Space on a button, arrows on a slider). Which cell they drive when a page
 * has several is `active-cell.ts`'s choice.
 */
export type ShortcutAction =
	'play' | 'step' | 'stepPhase' | 'reset' | 'help' | 'present' | 'controls' | 'exit';

interface KeyLike {
	readonly key: string;
	readonly ctrlKey: boolean;
	readonly metaKey: boolean;
	readonly altKey: boolean;
	readonly shiftKey?: boolean;
	readonly target: EventTarget | null;
}

/** Input types that are not typed into (every other `<input>` is a text field). */
const NOT_TEXT = new Set([
	'button',
	'checkbox',
	'color',
	'file',
	'hidden',
	'image',
	'radio',
	'range',
	'reset',
	'submit'
]);

/** Whether `target` is a text field: a text-like input, a textarea, a select or contenteditable. */
export function isTextField(target: EventTarget | null): boolean {
	if (!target || typeof (target as Element).tagName !== 'string') return false;
	const el = target as HTMLElement;
	if (el.isContentEditable) return true;
	const tag = el.tagName.toUpperCase();
	if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
	if (tag === 'INPUT')
		return !NOT_TEXT.has(((el as HTMLInputElement).type || 'text').toLowerCase());
	return false;
}

/** Elements where keys mean typing or their own action (a focused button takes Space itself). */
function ownsKey(target: EventTarget | null, key: string): boolean {
	if (isTextField(target)) return true;
	if (!target || typeof (target as Element).closest !== 'function') return false;
	const el = target as HTMLElement;
	if (el.tagName.toUpperCase() === 'INPUT') {
		const type = (el as HTMLInputElement).type;
		if (type === 'range') return key.startsWith('Arrow') || key === 'Home' || key === 'End';
		if (type === 'checkbox' || type === 'radio') return key === ' ' || key.startsWith('Arrow');
		return key === ' ' || key === 'Enter';
	}
	if (key === ' ' || key === 'Enter')
		return el.closest('button, a, summary, [role="button"], [tabindex="0"]') !== null;
	if (key.startsWith('Arrow')) return el.closest('[role="radiogroup"], svg') !== null;
	return false;
}

export function shortcutFor(e: KeyLike): ShortcutAction | null {
	if (e.ctrlKey || e.metaKey || e.altKey) return null;
	if (e.key === 'Escape') return 'exit';
	if (ownsKey(e.target, e.key)) return null;
	switch (e.key) {
		case ' ':
			return 'play';
		case 'ArrowRight':
			return e.shiftKey ? 'stepPhase' : 'step';
		case 'r':
		case 'R':
			return 'reset';
		case '?':
			return 'help';
		case 'p':
		case 'P':
			return 'present';
		case 'c':
		case 'C':
			return 'controls';
		default:
			return null;
	}
}
