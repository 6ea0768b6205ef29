/**
 * Colours of the graph and charts, each a CSS variable with a fallback so that a theme can
 * override it and the components still look right without one. Message and state colours are
 * mid-tone so they read on light and dark backgrounds alike.
 */
import type { MessageKind } from '$lib/sim/core/events';
import type { AggregatorName } from '$lib/sim/robust/aggregate';
import { readableOn } from './contrast';
import type { ClientPhase } from './graph-state';

/** A themable colour: `var(--name, fallback)`. */
const cssVar = (name: string, fallback: string) => `var(--${name}, ${fallback})`;

export const MESSAGE_COLORS = {
	model: cssVar('msg-model', '#3b82f6'),
	update: cssVar('msg-update', '#10b981'),
	smashed: cssVar('msg-smashed', '#a855f7'),
	gradient: cssVar('msg-gradient', '#ec4899'),
	head: cssVar('msg-head', '#06b6d4'),
	secagg: cssVar('msg-secagg', '#a3a3a3'),
	data: cssVar('msg-data', '#84cc16')
} as const satisfies Record<MessageKind, string>;

/** What each message kind carries, in the legend's words. */
export const MESSAGE_LABELS = {
	model: 'global model ↓',
	update: 'client update ↑',
	smashed: 'smashed activations ↑',
	gradient: 'cut-layer gradients ↓',
	head: 'head hand-off',
	secagg: 'secure-aggregation keys and shares',
	data: 'raw training data ↑ (once, before training)'
} as const satisfies Record<MessageKind, string>;

export const STATE_COLORS = {
	idle: cssVar('muted', '#8a8f98'),
	selected: MESSAGE_COLORS.model,
	training: cssVar('node-training', '#f59e0b'),
	uploading: MESSAGE_COLORS.update,
	offline: cssVar('muted', '#8a8f98')
} as const satisfies Record<ClientPhase, string>;

export const STATE_LABELS = {
	idle: 'idle',
	selected: 'selected (model on its way)',
	training: 'training locally',
	uploading: 'uploading',
	offline: 'offline'
} as const satisfies Record<ClientPhase, string>;

export const BYZANTINE_COLOR = cssVar('node-byzantine', '#ef4444');
export const STRAGGLER_COLOR = cssVar('node-straggler', '#b45309');
export const LOST_COLOR = cssVar('msg-lost', '#9ca3af');

/**
 * One colour per class label (Tableau 10, which stays distinguishable when small), so a client
 * holding mostly 3s and 8s shows two dominant colours at a glance.
 */
export const LABEL_COLORS = [
	'#4e79a7',
	'#f28e2c',
	'#e15759',
	'#76b7b2',
	'#59a14f',
	'#edc949',
	'#af7aa1',
	'#ff9da7',
	'#9c755f',
	'#bab0ab'
] as const;

/** Colour of class `label` (cycles past ten classes). */
export function labelColor(label: number): string {
	return LABEL_COLORS[label % LABEL_COLORS.length] ?? '#888888';
}

/**
 * Text on a label chip: black or white, whichever contrasts more with the chip's colour (white
 * digits on these mid-tones read at 1.6–4.6 : 1; the better of the two reaches ≥ 4.58 : 1). The
 * chip is the same in both themes, so its text is too.
 */
export const LABEL_TEXT_COLORS: readonly string[] = LABEL_COLORS.map(readableOn);

/** Text colour on the chip of class `label`. */
export function labelTextColor(label: number): string {
	return LABEL_TEXT_COLORS[label % LABEL_TEXT_COLORS.length] ?? '#000000';
}

/**
 * One colour per aggregation rule, everywhere a rule is drawn (the 2-D update view, the rule
 * sweep's table and chart, the robustness heatmap). Paul Tol's colour-blind-safe qualitative
 * schemes (personal.sron.nl/~pault): his "muted" nine for the first nine rules, four of his
 * "light" scheme for the last four (no scheme tells thirteen hues apart for every reader, so every
 * rule also has its own marker and dash, see `RULE_MARKS`, and a text label: colour is never the
 * only cue). None is Byzantine red or the honest points' slate.
 */
export const RULE_COLORS = {
	mean: '#EE8866',
	median: '#332288',
	trimmedMean: '#88CCEE',
	krum: '#117733',
	multiKrum: '#AA4499',
	geometricMedian: '#44AA99',
	medianOfMeans: '#999933',
	bulyan: '#882255',
	centeredClipping: '#DDCC77',
	meamed: '#77AADD',
	fltrust: '#CC6677',
	dnc: '#BBCC33',
	normClip: '#FFAABB'
} as const satisfies Record<AggregatorName, string>;

/**
 * A rule's marker shape (its aggregate in the update view, its swatch in tables and legends) and
 * dash (its curve): no two rules share both. None is a circle, a cross or a plus: those are the
 * update view's honest points, Byzantine points and "no change".
 */
export type RuleMarker =
	'diamond' | 'square' | 'triangle' | 'invertedTriangle' | 'star' | 'pentagon' | 'hexagon';

const MARKERS: readonly RuleMarker[] = [
	'diamond',
	'square',
	'triangle',
	'invertedTriangle',
	'star',
	'pentagon',
	'hexagon'
];
const DASHES: readonly string[] = ['', '6 3', '2 3', '8 3 2 3'];

/** Each rule's marker and dash, by its place in the registry (unique pairs for up to 28 rules). */
export const RULE_MARKS = Object.fromEntries(
	(Object.keys(RULE_COLORS) as AggregatorName[]).map((rule, i) => [
		rule,
		{ marker: MARKERS[i % MARKERS.length] as RuleMarker, dash: DASHES[i % DASHES.length] as string }
	])
) as Record<AggregatorName, { readonly marker: RuleMarker; readonly dash: string }>;

/** The colour of rule `rule` (a neutral grey for a name outside the registry). */
export function ruleColor(rule: string): string {
	return rule in RULE_COLORS ? RULE_COLORS[rule as AggregatorName] : '#8a8f98';
}

/** A rule's colour, marker and dash by its registry name, or null for another name. */
export function ruleStyle(
	rule: string
): { readonly color: string; readonly marker: RuleMarker; readonly dash: string } | null {
	if (!(rule in RULE_COLORS)) return null;
	const name = rule as AggregatorName;
	return { color: RULE_COLORS[name], ...RULE_MARKS[name] };
}

/** An SVG path of `marker` with radius `r` around the origin (y down). */
export function markerPath(marker: RuleMarker, r: number): string {
	const f = (x: number) => Math.round(x * 100) / 100 + 0;
	const polygon = (n: number, start: number, radius: (k: number) => number = () => r) =>
		'M' +
		Array.from({ length: n }, (_, k) => {
			const a = start + (2 * Math.PI * k) / n;
			return `${f(radius(k) * Math.cos(a))},${f(radius(k) * Math.sin(a))}`;
		}).join('L') +
		'Z';
	switch (marker) {
		case 'diamond':
			return polygon(4, -Math.PI / 2);
		case 'square':
			return polygon(4, -Math.PI / 4);
		case 'triangle':
			return polygon(3, -Math.PI / 2);
		case 'invertedTriangle':
			return polygon(3, Math.PI / 2);
		case 'star':
			return polygon(10, -Math.PI / 2, (k) => (k % 2 ? r * 0.45 : r));
		case 'pentagon':
			return polygon(5, -Math.PI / 2);
		case 'hexagon':
			return polygon(6, 0);
	}
}
