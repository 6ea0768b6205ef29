import { describe, expect, it } from 'vitest';
import type { SimEvent } from '$lib/sim/core/events';
import { CardIndex } from './card-index';
import { activationPicture, messageCard } from './message-card';

// client 1's turn: its first smashed message up carries a sample of 16 activations (a 16-unit
// dense cut), the next one stands for 3 batches and carries none; then a gradient down
const EVENTS: SimEvent[] = [
	{
		type: 'setup',
		t: 0,
		clients: [0, 1].map((id) => ({ id, samples: 10, labelHistogram: [5, 5], computeSpeed: 100 })),
		params: 4,
		modelBytes: 16,
		numClasses: 2
	},
	{
		type: 'message',
		t: 1,
		round: 1,
		kind: 'smashed',
		from: 1,
		to: 'server',
		bytes: 640,
		arrives: 2,
		activations: {
			shape: [16],
			values: Array.from({ length: 16 }, (_, i) => (i % 4 === 0 ? 0 : i)),
			cut: [16],
			pool: 1
		}
	},
	{
		type: 'message',
		t: 3,
		round: 1,
		kind: 'smashed',
		from: 1,
		to: 'server',
		bytes: 1920,
		arrives: 4,
		count: 3
	}
];

function indexed(): CardIndex {
	const ix = new CardIndex();
	EVENTS.forEach((e, i) => ix.add(e, i));
	return ix;
}

describe('the smashed message’s card', () => {
	it('with activations: their picture (4 × 4 cells for 16 values) and its caption', () => {
		const card = messageCard(indexed().message(1)!, 1.5);
		expect(card.title).toBe('Smashed data');
		expect(card.carries).toEqual([
			'The cut layer’s activations of one mini-batch, and their labels'
		]);
		const pic = card.picture;
		expect(pic?.caption).toBe(
			'What the server receives: client 1’s activations at the cut, first sample of the batch'
		);
		expect(pic?.detail).toBe('16 values, one cell each; dark = large');
		expect([pic?.image.width, pic?.image.height]).toEqual([4, 4]);
		// min–max normalised: 0 → 0, the largest (15) → 1
		expect(pic?.image.pixels[0]).toBe(0);
		expect(pic?.image.pixels[15]).toBe(1);
		expect(pic?.image.pixels[5]).toBeCloseTo(5 / 15, 6);
	});

	it('without: no picture, and the card says where the stream keeps one', () => {
		const card = messageCard(indexed().message(2)!, 3.5);
		expect(card.picture).toBeUndefined();
		expect(card.carries[0]).toBe(
			'The cut layer’s activations of 3 mini-batches, and their labels (the event stream keeps a sample of them only on the first smashed message up of a client’s turn)'
		);
	});

	it('U-shaped, down: the server part’s output, what the client receives, no labels', () => {
		const ix = new CardIndex();
		const down: SimEvent = {
			type: 'message',
			t: 5,
			round: 1,
			kind: 'smashed',
			from: 'server',
			to: 1,
			bytes: 640,
			arrives: 6,
			activations: { shape: [4], values: [0, 1, 2, 3], cut: [4], pool: 1 }
		};
		[EVENTS[0] as SimEvent, down].forEach((e, i) => ix.add(e, i));
		const card = messageCard(ix.message(1)!, 5.5);
		expect(card.carries).toEqual([
			'The server part’s output for one mini-batch, for the client’s top layers (the labels stay on the client)'
		]);
		expect(card.picture?.caption).toBe(
			'What client 1 receives: the server part’s output, first sample of the batch'
		);
	});

	it('says how a convolutional or long cut was shrunk', () => {
		const conv = activationPicture(
			{ shape: [14, 14, 1], values: new Array<number>(196).fill(0), cut: [28, 28, 8], pool: 2 },
			3,
			'server'
		);
		expect(conv.detail).toBe(
			'28 × 28 × 8 at the cut: channel 1 of 8, 2 × 2 blocks averaged; dark = large'
		);
		expect([conv.image.width, conv.image.height]).toEqual([14, 14]);
		const tiles = activationPicture(
			{ shape: [7, 7, 5], values: new Array<number>(245).fill(1), cut: [7, 7, 16], pool: 1 },
			0,
			'server',
			4
		);
		expect(tiles.detail).toBe(
			'7 × 7 × 16 at the cut: channels 1–5 of 16, one tile each; dark = large'
		);
		expect(tiles.caption).toBe(
			'What the server receives: client 0’s activations at the cut, first sample of the first of these batches'
		);
		const long = activationPicture(
			{ shape: [196], values: new Array<number>(196).fill(0), cut: [784], pool: 4 },
			2,
			'server'
		);
		expect(long.detail).toBe('784 values, averaged in runs of 4 to 196; dark = large');
	});
});
