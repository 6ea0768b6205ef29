/**
 * Closing a popup (a menu, a `<details>` panel) on a click outside it or on Escape: one attachment
 * for every popup of the app (`{@attach dismiss({ … })}` on the popup's root element).
 */
import type { Attachment } from 'svelte/attachments';

export interface DismissOptions {
	/** Whether the popup is open now. */
	isOpen: () => boolean;
	close: () => void;
	/** Where the focus goes after Escape (the button that opened the popup). */
	returnFocus?: () => { focus(): void } | null | undefined;
	/** Where the listeners go (tests pass their own target; default: `window`). */
	target?: EventTarget;
}

/** Closes the popup on a click outside the element it is attached to, or on Escape. */
export function dismiss(opts: DismissOptions): Attachment<Node> {
	return (node) => {
		const target = opts.target ?? window;
		const onclick = (e: Event) => {
			if (opts.isOpen() && !node.contains(e.target as Node | null)) opts.close();
		};
		// capture phase, and marked handled: the page's shortcuts (bubble phase, they skip handled
		// keys) must not also take this Escape as "leave presentation mode"
		const onkey = (e: Event) => {
			if ((e as KeyboardEvent).key !== 'Escape' || !opts.isOpen()) return;
			e.preventDefault();
			opts.close();
			opts.returnFocus?.()?.focus();
		};
		target.addEventListener('click', onclick);
		target.addEventListener('keydown', onkey, true);
		return () => {
			target.removeEventListener('click', onclick);
			target.removeEventListener('keydown', onkey, true);
		};
	};
}
