/**
 * One client's turn of split learning on the simulated clock: its mini-batches go through the
 * protocol (head forward, smashed data up, server, gradient down, head backward; U-shaped adds the
 * tail's output down and its gradient up), with compute and transfer times from split-costs.ts.
 *
 * Events: a turn of thousands of mini-batches would emit thousands of message pairs, so
 * consecutive batches are grouped into at most `EXCHANGE_EVENTS_PER_TURN` runs and each run emits
 * one event per message kind and direction, with `count` = its number of batches and `bytes` =
 * their total. The engine charges such an event `count` latencies, so the simulated time is the
 * same as batch by batch. The real training is done before the turn is played out (nothing else
 * happens meanwhile in the protocol), as FedAvg trains before it schedules the upload.
 */
import type { ClientState, EngineContext } from '../core/context';
import type { ActivationSample } from '../core/events';
import { exchangeLegs, groupBatches, modelFlops, type Speeds } from './costs';
import type { SplitLayout } from './layout';

/** The two sides' speeds in a scenario: the server is `serverSpeedup` × the nominal client. */
export function splitSpeeds(
	ctx: EngineContext,
	layout: SplitLayout,
	serverSpeedup: number
): Speeds {
	return {
		modelFlops: modelFlops(layout.layers),
		serverSpeed: serverSpeedup * ctx.scenario.devices.computeSpeed
	};
}

/** The client `k`, or an error. */
export function clientOf(ctx: EngineContext, k: number): ClientState {
	const c = ctx.clients[k];
	if (!c) throw new Error(`no such client: ${k}`);
	return c;
}

/**
 * Plays client `k`'s turn of `batchSizes` mini-batches on the clock and runs `done` when its last
 * gradient has been applied. Returns what `done` returns if it runs at once (no batches), so the
 * engine can await it. The trainer's `activations` (a sample of the first batch's smashed data)
 * ride on the turn's first smashed message up; in a U-shaped split its `topActivations` (the
 * server part's output for that sample) ride on the first smashed message down.
 */
export function playTurn(
	ctx: EngineContext,
	layout: SplitLayout,
	speeds: Speeds,
	k: number,
	round: number,
	turn: {
		readonly batchSizes: readonly number[];
		readonly activations?: ActivationSample;
		readonly topActivations?: ActivationSample;
	},
	done: () => void | Promise<void>
): void | Promise<void> {
	const { batchSizes, activations, topActivations } = turn;
	const device = clientOf(ctx, k);
	const legs = groupBatches(batchSizes).flatMap((g) =>
		exchangeLegs(layout, g.samples, g.batches, device, speeds)
	);
	const firstSmashed = (up: boolean) =>
		legs.findIndex((l) => l.kind === 'send' && l.message === 'smashed' && l.up === up);
	const firstUp = firstSmashed(true);
	const firstDown = firstSmashed(false);
	const next = (i: number): void | Promise<void> => {
		const leg = legs[i];
		if (!leg) return done();
		if (leg.kind !== 'send') return ctx.schedule(leg.seconds, () => next(i + 1));
		const carries = i === firstUp ? activations : i === firstDown ? topActivations : undefined;
		ctx.send(
			leg.message,
			leg.up ? k : 'server',
			leg.up ? 'server' : k,
			leg.bytes,
			round,
			() => next(i + 1),
			undefined,
			leg.count,
			carries
		);
	};
	return next(0);
}
