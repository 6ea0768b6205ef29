/** The live cell's keyboard shortcuts: which action a key press means, if any. */
export type ShortcutAction = 'play' | 'step' | 'stepPhase' | 'reset' | 'help' | 'present' | 'exit';

interface KeyLike {
	readonly key: string;
	readonly ctrlKey: boolean;
	readonly metaKey: boolean;
	readonly altKey: boolean;
	readonly shiftKey?: boolean;
	readonly target: EventTarget | null;
}

/** Elements where keys mean typing or their own action (a focused button takes Space itself). */
function ownsKey(target: EventTarget | null, key: string): boolean {
	if (!target || typeof (target as Element).closest !== 'function') return false;
	const el = target as HTMLElement;
	if (el.isContentEditable) return true;
	const tag = el.tagName;
	if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
	if (tag === 'INPUT') {
		const type = (el as HTMLInputElement).type;
		if (type === 'range') return key.startsWith('Arrow') || key === 'Home' || key === 'End';
		if (type === 'checkbox' || type === 'radio') return key === ' ' || key.startsWith('Arrow');
		return true;
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
		default:
			return null;
	}
}
