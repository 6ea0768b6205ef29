import { describe, expect, it } from 'vitest';
import { dotLook, nodeLook, progressAngles } from './node-look';
import { BYZANTINE_COLOR, STATE_COLORS } from './palette';

describe('nodeLook', () => {
	it('an idle node of radius 20: thin muted ring, no tint, no halo', () => {
		const l = nodeLook(20, 'idle');
		expect(l.active).toBe(false);
		// arc max(2, 0.18·20 = 3.6) = 3.6; ring max(1, min(1.5, 2)) = 1.5
		expect(l.arcWidth).toBeCloseTo(3.6, 12);
		expect(l.ringWidth).toBe(1.5);
		expect(l.ringColor).toBe(STATE_COLORS.idle);
		expect(l.tint).toBeNull();
		expect(l.haloR).toBeNull();
		// badge max(3, 6.4) = 6.4 at 15.6, with its clock hand; focus 20 + 3.6 + 5; label + 9
		expect(l.badge.r).toBeCloseTo(6.4, 12);
		expect(l.badge.at).toBeCloseTo(15.6, 12);
		expect(l.badge.hand).toBe(true);
		expect(l.focusR).toBeCloseTo(28.6, 12);
		expect(l.labelDist).toBeCloseTo(32.6, 12);
		expect([l.opacity, l.dashed]).toEqual([1, false]);
	});

	it('a training node of radius 10: thicker ring in the phase colour and a light tint', () => {
		const l = nodeLook(10, 'training');
		expect(l.active).toBe(true);
		// ring max(1.5, min(3, 1.4)) = 1.5; arc max(2, 1.8) = 2
		expect(l.ringWidth).toBe(1.5);
		expect(l.arcWidth).toBe(2);
		expect(l.ringColor).toBe(STATE_COLORS.training);
		expect(l.tint).toEqual({ color: STATE_COLORS.training, opacity: 0.1 });
		// badge max(3, 3.2) = 3.2: too small for the clock hand
		expect(l.badge.hand).toBe(false);
	});

	it('a big uploading node caps its ring at 3 px', () => {
		expect(nodeLook(30, 'uploading').ringWidth).toBe(3);
		expect(nodeLook(30, 'idle').ringWidth).toBe(1.5);
	});

	it('a Byzantine client: red halo and tint; its idle ring red, its busy ring the phase colour', () => {
		const idle = nodeLook(10, 'idle', true);
		expect(idle.haloR).toBe(10 + 2 + 2.5);
		expect(idle.tint).toEqual({ color: BYZANTINE_COLOR, opacity: 0.16 });
		expect(idle.ringColor).toBe(BYZANTINE_COLOR);
		expect(nodeLook(10, 'selected', true).ringColor).toBe(STATE_COLORS.selected);
	});

	it('an offline client fades and gets a dashed ring', () => {
		const l = nodeLook(12, 'offline');
		expect([l.opacity, l.dashed, l.active, l.tint]).toEqual([0.35, true, false, null]);
	});
});

describe('dotLook', () => {
	it('busy dots grow by half and go opaque; idle and offline ones stay small and faint', () => {
		expect(dotLook(2, 'idle')).toEqual({ r: 2, alpha: 0.5 });
		expect(dotLook(2, 'offline')).toEqual({ r: 2, alpha: 0.25 });
		expect(dotLook(2, 'training')).toEqual({ r: 3, alpha: 1 });
		expect(dotLook(2, 'uploading')).toEqual({ r: 3, alpha: 1 });
	});
});

describe('progressAngles', () => {
	it('starts at 12 o’clock and turns clockwise (canvas angles: 0 = east, y down)', () => {
		expect(progressAngles(0)).toEqual({ start: -Math.PI / 2, end: -Math.PI / 2 });
		expect(progressAngles(0.25).end).toBeCloseTo(0, 12); // 3 o'clock
		expect(progressAngles(0.5).end).toBeCloseTo(Math.PI / 2, 12); // 6 o'clock
	});

	it('clamps to one turn', () => {
		expect(progressAngles(1.7).end).toBeCloseTo((3 * Math.PI) / 2, 12);
		expect(progressAngles(-1).end).toBe(-Math.PI / 2);
	});
});
