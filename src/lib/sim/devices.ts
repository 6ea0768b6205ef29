/**
 * Per-client device profiles drawn from the scenario's system model: how fast each client
 * computes and how good its link is. Real federations are heterogeneous — phones differ by an
 * order of magnitude in speed, and a few devices are much slower than the rest (stragglers) — so
 * compute speed is log-normal around `computeSpeed` with spread σ, a fixed fraction of clients is
 * slowed down by `stragglerSlowdown`, and each link's bandwidth and latency get their own
 * log-normal factor. With every spread 0 and no stragglers all clients are identical.
 */
import type { Rng } from './core/rng';
import type { DevicesSpec } from './core/schema';

/** One client's device. */
export interface DeviceProfile {
	/** Training throughput, samples per simulated second (stragglers already slowed down). */
	readonly computeSpeed: number;
	/** Server → client bandwidth, megabits per second. */
	readonly downlinkMbps: number;
	/** Client → server bandwidth, megabits per second. */
	readonly uplinkMbps: number;
	/** One-way latency of a message, milliseconds. */
	readonly latencyMs: number;
	/** Slowed down by `stragglerSlowdown`. */
	readonly straggler: boolean;
}

/** round(f·K): how many of `clients` are stragglers. */
export function stragglerCount(fraction: number, clients: number): number {
	return Math.min(clients, Math.round(fraction * clients + 1e-9));
}

/**
 * Draws the devices of `clients` clients. Client k's compute speed is
 * computeSpeed·e^(σ·z_k) (÷ slowdown for a straggler) with z_k standard normal, so `computeSpeed`
 * is the median speed of the non-stragglers; its bandwidths are multiplied by e^(σ_l·u_k) and its
 * latency by e^(σ_l·v_k). Stragglers are exactly round(f·K) clients chosen at random.
 */
export function buildDevices(spec: DevicesSpec, clients: number, rng: Rng): DeviceProfile[] {
	const slow = new Set(
		rng.fork('stragglers').sample(clients, stragglerCount(spec.stragglerFraction, clients))
	);
	const speed = rng.fork('compute');
	const link = rng.fork('link');
	return Array.from({ length: clients }, (_, k) => {
		const straggler = slow.has(k);
		const computeFactor = Math.exp(spec.computeSpread * speed.normal());
		const bandwidthFactor = Math.exp(spec.linkSpread * link.normal());
		const latencyFactor = Math.exp(spec.linkSpread * link.normal());
		return {
			computeSpeed: (spec.computeSpeed * computeFactor) / (straggler ? spec.stragglerSlowdown : 1),
			downlinkMbps: spec.downlinkMbps * bandwidthFactor,
			uplinkMbps: spec.uplinkMbps * bandwidthFactor,
			latencyMs: spec.latencyMs * latencyFactor,
			straggler
		};
	});
}
