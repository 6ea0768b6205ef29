/**
 * Colours of the graph and charts, each a CSS variable with a fallback so that a theme can
 * override it and the components still look right without one. Message and state colours are
 * mid-tone so they read on light and dark backgrounds alike.
 */
import type { MessageKind } from '$lib/sim/core/events';
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
