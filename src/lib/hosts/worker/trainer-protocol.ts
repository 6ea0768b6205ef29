/**
 * The typed messages between the engine worker (`TrainerPool`) and one trainer worker
 * (trainer-service.ts): after the host's `init` (with the backend the engine picked, never `auto`,
 * so every worker trains on the engine's backend), `setup` builds the scenario's trainer once and
 * each `train` runs one plain-data job of the Node pool's protocol (hosts/node/pool-protocol.ts).
 */
import type { PoolInit, TrainReply, TrainTask } from '../node/pool-protocol';
import type { FromHost, ToHost } from './protocol';

export type TrainerJob =
	{ type: 'setup'; id: number; init: PoolInit } | { type: 'train'; id: number; task: TrainTask };

export type TrainerReply =
	{ type: 'ready'; id: number } | { type: 'trained'; id: number; reply: TrainReply };

export type ToTrainer = ToHost<TrainerJob>;
export type FromTrainer = FromHost<TrainerReply>;
