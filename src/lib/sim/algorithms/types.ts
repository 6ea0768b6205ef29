import type { EngineContext } from '../core/context';

/** An algorithm schedules its work on the engine's clock, starting from `start`. */
export interface Algorithm {
	start(ctx: EngineContext): void | Promise<void>;
}
