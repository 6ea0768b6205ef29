/**
 * Which live cell the page's keyboard shortcuts drive when a page holds several:
 * 1. the cell in presentation mode, if one is;
 * 2. else the cell last clicked, tapped or focused, while it is in view;
 * 3. else the cell most in view;
 * 4. none when no cell is in view: the keys then keep their usual meaning (Space scrolls).
 * "In view" means at least a quarter of the window's height, or half of the cell, is on screen.
 * The choice (`pickCell`) is pure; the registry below feeds it the cells' boxes at key time.
 */

/** One cell as the choice sees it. */
export interface CellSpot {
	readonly id: string;
	/** When it was last clicked or focused (any increasing clock), 0 if never. */
	readonly lastUsed: number;
	/** Its height on screen and its whole height, CSS pixels. */
	readonly visible: number;
	readonly height: number;
	readonly presenting: boolean;
}

/** Whether enough of a cell is on screen for the keys to mean it. */
export function inView(spot: CellSpot, viewportHeight: number): boolean {
	if (spot.visible <= 0) return false;
	return spot.visible >= viewportHeight / 4 || spot.visible >= spot.height / 2;
}

/** The id of the cell the shortcuts drive, or null (see the file's comment for the rule). */
export function pickCell(spots: readonly CellSpot[], viewportHeight: number): string | null {
	const presenting = spots.find((s) => s.presenting);
	if (presenting) return presenting.id;
	const shown = spots.filter((s) => inView(s, viewportHeight));
	let best: CellSpot | undefined;
	for (const s of shown) if (s.lastUsed > 0 && (!best || s.lastUsed > best.lastUsed)) best = s;
	if (best) return best.id;
	for (const s of shown) if (!best || s.visible > best.visible) best = s;
	return best?.id ?? null;
}

interface Entry {
	readonly el: HTMLElement;
	readonly presenting: () => boolean;
	lastUsed: number;
}

const cells = new Map<string, Entry>();
let clock = 0;

/**
 * Registers a cell's root element; clicks and focus inside it make it the last used. Returns the
 * cleanup (call from an `$effect`).
 */
export function registerCell(id: string, el: HTMLElement, presenting: () => boolean): () => void {
	const entry: Entry = { el, presenting, lastUsed: 0 };
	cells.set(id, entry);
	const use = () => (entry.lastUsed = ++clock);
	el.addEventListener('pointerdown', use);
	el.addEventListener('focusin', use);
	return () => {
		el.removeEventListener('pointerdown', use);
		el.removeEventListener('focusin', use);
		if (cells.get(id) === entry) cells.delete(id);
	};
}

/** Whether the cell `id` is the one the page's shortcuts drive now. */
export function drivesShortcuts(id: string): boolean {
	const vh = window.innerHeight;
	const spots: CellSpot[] = [...cells].map(([cellId, e]) => {
		const r = e.el.getBoundingClientRect();
		return {
			id: cellId,
			lastUsed: e.lastUsed,
			visible: Math.max(0, Math.min(r.bottom, vh) - Math.max(r.top, 0)),
			height: r.height,
			presenting: e.presenting()
		};
	});
	return pickCell(spots, vh) === id;
}
