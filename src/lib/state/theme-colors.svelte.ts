/**
 * The one theme watcher: canvas and SVG drawing cannot read CSS variables, so the charts and the
 * timeline resolve their colours through a hidden probe element and redraw when the theme flips
 * (`data-theme`, a class or style on <html> or <body>, or the OS setting). `version` bumps on each
 * change: read it in the effect that draws.
 */
import { untrack } from 'svelte';
import { color as parseColor } from 'd3';
import type { SvgTheme } from '../viz/svg-export';

/** Concrete colours of the page's theme: text, muted text, grid lines, background. */
export type ThemeColors = SvgTheme;

/** `c` with opacity `a`, or `c` unchanged when it cannot be parsed. */
export function withAlpha(c: string, a: number): string {
	const parsed = parseColor(c);
	if (!parsed) return c;
	parsed.opacity = a;
	return parsed.formatRgb();
}

export class ThemeWatcher {
	/** Bumps whenever the page's theme may have changed (and once the probe is in place). */
	version = $state(0);

	#probe: HTMLElement | null = null;

	/**
	 * Puts the probe inside `host` (so it sees the variables `host` sees) and starts watching;
	 * returns the cleanup. Call from an `$effect`.
	 */
	attach(host: HTMLElement): () => void {
		const probe = document.createElement('span');
		probe.setAttribute('aria-hidden', 'true');
		Object.assign(probe.style, {
			position: 'absolute',
			width: '0',
			height: '0',
			overflow: 'hidden',
			pointerEvents: 'none'
		});
		host.appendChild(probe);
		this.#probe = probe;
		// untracked: the effect that attaches must not depend on what it bumps
		const bump = () => untrack(() => this.version++);
		const observer = new MutationObserver(bump);
		const attributeFilter = ['class', 'data-theme', 'style'];
		observer.observe(document.documentElement, { attributes: true, attributeFilter });
		observer.observe(document.body, { attributes: true, attributeFilter });
		const media = matchMedia('(prefers-color-scheme: dark)');
		media.addEventListener('change', bump);
		bump();
		return () => {
			observer.disconnect();
			media.removeEventListener('change', bump);
			probe.remove();
			if (this.#probe === probe) this.#probe = null;
		};
	}

	/** The computed colour of a CSS colour expression (variables, light-dark(), color-mix()). */
	color = (css: string, fallback = '#888888'): string => {
		const probe = this.#probe;
		if (!probe) return fallback;
		probe.style.color = '';
		probe.style.color = css;
		return getComputedStyle(probe).color || fallback;
	};

	/** The theme's text, muted, grid and background colours. */
	colors(): ThemeColors {
		const muted = this.color('var(--muted, #6b7280)', '#6b7280');
		return {
			fg: this.color('var(--fg, #1f2328)', '#1f2328'),
			muted,
			grid: withAlpha(muted, 0.2),
			bg: this.color('var(--surface, var(--bg, #ffffff))', '#ffffff')
		};
	}
}
