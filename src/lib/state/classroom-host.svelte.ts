/**
 * The lecturer's page (the projector): one WebSocket to the classroom server, the session's info
 * and roster, and each run's typed event stream, which the same graph and chart components as the
 * live cells read. Earlier runs stay as ghost curves (the mean next to the median, say).
 */
import type { EventOf } from '$lib/sim/core/events';
import {
	WS_PATH,
	type ClassroomConfig,
	type RosterEntry,
	type ServerMessage
} from '$lib/hosts/classroom/protocol';
import { IndexedEvents } from './indexed-events.svelte';
import { runColor } from './runs';

export type HostStatus = 'connecting' | 'connected' | 'closed' | 'unreachable';

/** One run's curve and label (its algorithm and rule). */
export interface HostRun {
	id: number;
	label: string;
	color: string;
	points: EventOf<'evaluated'>[];
}

/** The WebSocket URL of the classroom server that served this page. */
export function classroomSocketUrl(loc: Pick<Location, 'protocol' | 'host'>): string {
	return `${loc.protocol === 'https:' ? 'wss' : 'ws'}://${loc.host}${WS_PATH}`;
}

export class ClassroomHostState {
	status = $state<HostStatus>('connecting');
	error = $state<string | null>(null);
	info = $state.raw<Extract<ServerMessage, { kind: 'info' }> | null>(null);
	students = $state.raw<RosterEntry[]>([]);
	runState = $state<'lobby' | 'running' | 'paused' | 'finished'>('lobby');
	revealed = $state(false);
	/** The current run's events with their index (the network graph reads it, as in the cells). */
	readonly stream = new IndexedEvents();
	runs = $state.raw<HostRun[]>([]);
	/** Server seconds of the newest event, and when it came (for the graph's playhead). */
	lastT = $state(0);
	lastAt = 0;
	#ws: WebSocket | null = null;
	#session = '';

	/** Opens the connection; returns the cleanup. */
	connect(url: string, session: string, key: string): () => void {
		this.#session = session;
		const ws = new WebSocket(url);
		this.#ws = ws;
		let opened = false;
		ws.onopen = () => {
			opened = true;
			this.status = 'connected';
			ws.send(JSON.stringify({ kind: 'hello', role: 'host', session, key }));
		};
		ws.onmessage = (e) => {
			if (typeof e.data === 'string') this.#receive(JSON.parse(e.data) as ServerMessage);
		};
		ws.onclose = () => {
			this.status = opened ? 'closed' : 'unreachable';
		};
		return () => ws.close();
	}

	control(action: string, extra: { seat?: number; config?: ClassroomConfig } = {}): void {
		this.error = null;
		this.#ws?.send(JSON.stringify({ kind: 'control', session: this.#session, action, ...extra }));
	}

	/** Evaluations of the current run. */
	get current(): HostRun | undefined {
		return this.runs.at(-1);
	}

	#receive(m: ServerMessage): void {
		switch (m.kind) {
			case 'info':
				this.info = m;
				break;
			case 'roster':
				this.students = m.students;
				this.runState = m.state;
				this.revealed = m.revealed;
				break;
			case 'run': {
				const s = m.scenario as { algorithm: { kind: string }; aggregator: { kind: string } };
				this.stream.set([]);
				this.runs = [
					...this.runs.filter((r) => r.id !== m.run),
					{
						id: m.run,
						label: `Run ${m.run}: ${s.algorithm.kind}, ${s.aggregator.kind}, ${m.clients} students`,
						color: runColor(m.run),
						points: []
					}
				];
				break;
			}
			case 'events': {
				this.stream.set([...this.stream.events, ...m.events]);
				const evals = m.events.filter((e): e is EventOf<'evaluated'> => e.type === 'evaluated');
				if (evals.length)
					this.runs = this.runs.map((r) =>
						r.id === m.run ? { ...r, points: [...r.points, ...evals] } : r
					);
				const last = m.events.at(-1);
				if (last) {
					this.lastT = last.t;
					this.lastAt = performance.now();
				}
				break;
			}
			case 'error':
				this.error = m.message;
				break;
			default:
				break;
		}
	}
}

export type { ClassroomConfig, RosterEntry } from '$lib/hosts/classroom/protocol';
export { CLASSROOM_ALGORITHMS, CLASSROOM_PARTITIONS } from '$lib/hosts/classroom/protocol';
