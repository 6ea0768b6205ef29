import { describe, expect, it } from 'vitest';
import type { SimEvent } from '$lib/sim/core/events';
import { CardIndex } from './card-index';
import { messageCard } from './message-card';

const client = (id: number, byzantine = false) => ({
	id,
	samples: 10,
	labelHistogram: [5, 5],
	computeSpeed: 100,
	byzantine
});

// round 1: clients 0 (honest) and 1 (Byzantine, sign flip) send updates; Krum leaves 1 out.
// round 2: client 0's update is lost; client 1's arrives after the deadline and is dropped.
const EVENTS: SimEvent[] = [
	{
		type: 'setup',
		t: 0,
		clients: [client(0), client(1, true)],
		params: 4,
		modelBytes: 16,
		numClasses: 2
	},
	{ type: 'message', t: 0, round: 1, kind: 'model', from: 'server', to: 0, bytes: 16, arrives: 1 },
	{ type: 'message', t: 0, round: 1, kind: 'model', from: 'server', to: 1, bytes: 16, arrives: 1 },
	{
		type: 'trainingFinished',
		t: 2,
		round: 1,
		client: 0,
		samples: 10,
		loss: 0.5,
		losses: [0.7, 0.3]
	},
	{ type: 'message', t: 2, round: 1, kind: 'update', from: 0, to: 'server', bytes: 16, arrives: 3 },
	{ type: 'trainingFinished', t: 2.5, round: 1, client: 1, samples: 10, loss: 0.6 },
	{
		type: 'message',
		t: 2.5,
		round: 1,
		kind: 'update',
		from: 1,
		to: 'server',
		bytes: 16,
		arrives: 3.5
	},
	{
		type: 'aggregated',
		t: 3.5,
		round: 1,
		contributors: [0, 1],
		rule: 'krum',
		discarded: [1],
		updates: [
			{ client: 0, norm: 0.5, distance: 1 },
			{ client: 1, norm: 2, distance: 1, trainedNorm: 0.5 }
		],
		attack: { kind: 'signFlip', params: { scale: 4 } }
	},
	{
		type: 'message',
		t: 4,
		round: 2,
		kind: 'update',
		from: 0,
		to: 'server',
		bytes: 16,
		arrives: 5,
		lost: true
	},
	{ type: 'message', t: 4, round: 2, kind: 'update', from: 1, to: 'server', bytes: 16, arrives: 9 },
	{
		type: 'updateDropped',
		t: 9,
		round: 2,
		client: 1,
		reason: 'it arrived after the round deadline'
	}
];

function indexed(): CardIndex {
	const ix = new CardIndex();
	EVENTS.forEach((e, i) => ix.add(e, i));
	return ix;
}

describe('CardIndex', () => {
	it('finds the server’s figures and the rule’s decision for an update', () => {
		const f = indexed().message(6);
		expect(f?.byzantine).toBe(true);
		expect(f?.fate?.figures).toEqual({ client: 1, norm: 2, distance: 1, trainedNorm: 0.5 });
		expect(f?.fate?.discarded).toBe(true);
		expect(indexed().message(4)?.fate?.discarded).toBe(false);
	});

	it('a model message has no fate; an unknown key is null', () => {
		expect(indexed().message(1)?.fate).toBeNull();
		expect(indexed().message(3)).toBeNull();
		expect(indexed().message(99)).toBeNull();
	});

	it('a dropped update says why; a lost one has no figures', () => {
		const ix = indexed();
		expect(ix.message(9)?.fate?.dropped).toBe('it arrived after the round deadline');
		expect(ix.message(8)?.fate).toMatchObject({ figures: null, aggregated: null, dropped: null });
	});

	it('the message on a link at a time: the latest sent by then', () => {
		const ix = indexed();
		expect(ix.lastOnLink(0, -1)).toBeNull();
		expect(ix.lastOnLink(0, 0.5)).toBe(1);
		expect(ix.lastOnLink(0, 2)).toBe(4);
		expect(ix.lastOnLink(1, 3)).toBe(6);
		expect(ix.lastOnLink(1, 100)).toBe(9);
	});

	it('a client’s latest training and its loss curve', () => {
		const ix = indexed();
		expect(ix.lastTraining(0, 1)).toBeNull();
		expect(ix.lastTraining(0, 2)).toEqual({ round: 1, t: 2, loss: 0.5, losses: [0.7, 0.3] });
		expect(ix.lastTraining(1, 3)?.losses).toEqual([]);
	});

	it('starts over on reset', () => {
		const ix = indexed();
		ix.reset();
		expect(ix.message(4)).toBeNull();
		expect(ix.lastOnLink(0, 10)).toBeNull();
	});
});

describe('messageCard', () => {
	it('an honest update in flight: route, size, times, its figures', () => {
		const card = messageCard(indexed().message(4)!, 2.5);
		expect(card.title).toBe('Client update');
		expect(card.route).toBe('client 0 → server');
		expect(card.status).toBe('in flight (50 %)');
		expect(card.rows).toEqual([
			{ label: 'Size', value: '16 B' },
			{ label: 'Round', value: '1' },
			{ label: 'Sent', value: '2.000 s' },
			{ label: 'Arrives', value: '3.000 s (1 s on the link)' }
		]);
		expect(card.carries).toEqual([
			'Norm ‖Δ‖ = 0.500 (the change to the global model it asks for)',
			"Distance to the round's mean update: 1.00",
			'Measured by the server when it aggregates round 1'
		]);
	});

	it('a Byzantine update: the attack and what it did; after aggregation the rule’s decision', () => {
		const card = messageCard(indexed().message(6)!, 3.5);
		expect(card.byzantine).toBe(true);
		expect(card.status).toBe('arrived');
		expect(card.carries).toContain(
			'Byzantine: Sign flip (scale = 4) rewrote it; it trained an update of norm 0.500 and sends one of norm 2.00'
		);
		expect(card.carries).toContain('Krum left it out of the aggregate (3.500 s)');
	});

	it('lost and dropped updates', () => {
		const ix = indexed();
		expect(messageCard(ix.message(8)!, 4.6).status).toBe('lost on the link: it never arrives');
		expect(messageCard(ix.message(8)!, 4.6).rows[3]?.label).toBe('Would arrive');
		expect(messageCard(ix.message(9)!, 9).carries).toContain(
			'Dropped by the server: it arrived after the round deadline'
		);
	});
});
