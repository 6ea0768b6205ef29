/**
 * The state of one live cell: the scenario being edited (as field values), the run in the worker,
 * the playhead, the ghosts of earlier runs, the notices, and the rules that tie them together
 * (a change before training restarts at once; a change mid-run offers a restart and keeps the old
 * run as a ghost; a finished run becomes a ghost when the next one starts).
 */
import type { EventOf } from '../sim/core/events';
import { parseScenario, serializeScenario, type Scenario } from '../sim/scenario';
import type { BackendChoice } from '../hosts/worker/protocol';
import { BACKEND_CHOICES, isBackendChoice, storedBackend } from './backend-store';
import { EngineBridge, type BridgeOptions } from './engine-bridge.svelte';
import {
	FIELDS,
	applies,
	decodeUrl,
	defaultValues,
	encodeUrl,
	fieldOf,
	keySet,
	searchParams,
	toScenario,
	valuesFromScenario,
	withValues,
	type Field,
	type FieldKey,
	type Values
} from './fields';
import { formatBytes, formatLoss, formatPercent, formatSeconds } from '../viz/format';
import { notice, type Notice } from './notices';
import { costLine, withinBudget } from './budget';
import { deviceInfo, parseWorkers, trainerWorkers } from './pool-size';
import { Playhead, SPEEDS, roundsStartedBy, type Speed } from './playhead.svelte';
import type { Command, StepUnit } from './playback';
import { phaseCaption } from '../viz/phases';
import { ruleSeriesColors } from './rule-series';
import {
	MAX_GHOSTS,
	metricsCsv,
	namesOf,
	nextRunNumber,
	NO_NAMES,
	renamed,
	withoutNames,
	runColor,
	runId,
	runLabels,
	type RunRecord,
	type Series
} from './runs';
import { loadRuns, runStoreKey, saveRuns, type StoredRuns } from './run-store';
import { cleanNoteText, sameNotePoint, type Note, type PinnedNote } from '../viz/notes';

export type Metric = 'accuracy' | 'loss';
export type XAxis = 'round' | 'time' | 'bytes';

/** A named starting point offered as a button (e.g. "Centralized", "Federated"). */
export interface Preset {
	readonly label: string;
	/** One line shown as the button's tooltip and description. */
	readonly description?: string;
	readonly values: Values;
}

export interface CellOptions {
	/** Short name, used in exported file names (`fedavg`). */
	readonly name: string;
	/** URL keys of the controls the cell shows, in order (`all` for the Lab). */
	readonly controls: readonly FieldKey[] | 'all';
	/** The chapter's starting values, over the schema defaults. */
	readonly initial?: Values;
	readonly presets?: readonly Preset[];
	/** URL of static/data/mnist.bin. */
	readonly mnistUrl: string;
	/** The chart's x axis to begin with (default: round). */
	readonly xAxis?: XAxis;
	/** Makes the engine bridge (tests pass a fake; default: the engine worker's bridge). */
	readonly bridge?: (opts: BridgeOptions) => EngineBridge;
	/** Keep the earlier runs, their names and notes across a reload (localStorage, per `name`). */
	readonly persist?: boolean;
}

/**
 * A chapter's cell as data: what `LiveCell` needs besides its title and prose. Each chapter keeps
 * its cells in a typed `src/routes/<chapter>/chapter.ts`, so that a test can check every key.
 */
export type CellConfig = Pick<CellOptions, 'name' | 'controls' | 'initial' | 'presets' | 'xAxis'>;

/** Whether the applicable fields of `a` and `b` describe the same scenario. */
function sameScenario(a: Values, b: Values): boolean {
	const x = toScenario(a);
	const y = toScenario(b);
	return x.ok && y.ok ? serializeScenario(x.scenario) === serializeScenario(y.scenario) : false;
}

function matches(values: Values, preset: Preset): boolean {
	return Object.entries(preset.values).every(
		([k, v]) => JSON.stringify(values[k as FieldKey]) === JSON.stringify(v)
	);
}

export class CellState {
	readonly name: string;
	/** The controls this cell offers, in order. */
	readonly controls: readonly Field[];
	/** The chapter's defaults: what bad URL fields fall back to. */
	readonly base: Values;
	readonly presets: readonly Preset[];
	readonly bridge: EngineBridge;
	readonly playhead: Playhead;

	/** The settings as the controls show them. */
	values = $state.raw<Values>(defaultValues());
	/** Controls hidden by the link (`hide=`). */
	hidden = $state.raw<ReadonlySet<FieldKey>>(keySet());
	notices = $state.raw<readonly Notice[]>([]);
	presenting = $state(false);
	metric = $state<Metric>('accuracy');
	xAxis = $state<XAxis>('round');
	ghosts = $state.raw<readonly RunRecord[]>([]);
	/** Names the user gave runs, by run number (the legend shows them). */
	names = $state.raw<ReadonlyMap<number, string>>(NO_NAMES);
	/** Notes pinned on the runs' evaluations. */
	notes = $state.raw<readonly Note[]>([]);
	/** Whether the runs are kept across a reload. */
	readonly persist: boolean;
	/** The kept runs were read back (saving before that would erase them). */
	#runsRestored = $state(false);
	/** The run in the worker: its number, settings and preset. */
	run = $state.raw<{ n: number; values: Values; scenario: Scenario; preset?: string } | null>(null);

	#runCount = 0;
	#startTimer: ReturnType<typeof setTimeout> | null = null;
	#backend: BackendChoice = 'auto';
	/** The link's `workers=`; absent: one per core (pool-size.ts). */
	#workers: number | undefined = undefined;

	/** The settings as a scenario, or the schema's reasons why not. */
	parsed = $derived(withinBudget(toScenario(this.values)));
	/** The run's estimated peak memory and training time, for the line next to Play. */
	cost = $derived(costLine(this.parsed));

	/** Controls shown now: not hidden by the link and relevant to the other settings. */
	visibleControls = $derived.by(() =>
		this.controls.filter((f) => !this.hidden.has(f.key) && applies(f, this.values))
	);

	/** The run has gone somewhere (so replacing it should keep it as a ghost). */
	hasProgress = $derived.by(
		() =>
			this.bridge.metrics.length > 0 ||
			this.bridge.state === 'running' ||
			this.bridge.state === 'stepping'
	);

	/** The settings changed while a run is under way: the cell offers to restart. */
	changedMidRun = $derived.by(
		() =>
			this.hasProgress &&
			this.bridge.state !== 'finished' &&
			this.run !== null &&
			!sameScenario(this.values, this.run.values)
	);

	/** Playing, from the user's point of view (the machine pauses by itself at the end). */
	playing = $derived.by(() => this.playhead.playing);

	#shownCount = $derived.by(() => {
		const m = this.bridge.metrics;
		const t = this.playhead.t;
		let n = 0;
		while (n < m.length && (m[n] as EventOf<'evaluated'>).t <= t) n++;
		return n;
	});

	/** What is happening at the playhead, phase by phase ("8 of 10 updates in; waiting for …"). */
	phaseCaption = $derived.by(() =>
		phaseCaption(this.bridge.events, this.bridge.marks, this.playhead.t)
	);

	/** Evaluations of the current run up to the playhead. */
	shownPoints = $derived.by(() => this.bridge.metrics.slice(0, this.#shownCount));

	/** Rounds started up to the playhead. */
	roundShown = $derived.by(() => {
		void this.bridge.events; // roundStarts grows with the events
		return roundsStartedBy(this.bridge.roundStarts, this.playhead.t);
	});

	/** The round at the playhead, capped at the run's rounds: the one number the server label,
	 * the clock line and the caption all show. */
	roundNow = $derived.by(() => Math.min(this.roundShown, this.run?.scenario.rounds ?? 0));

	#records = $derived.by((): RunRecord[] => {
		const current = this.run
			? [
					{
						n: this.run.n,
						values: this.run.values,
						points: this.shownPoints,
						preset: this.run.preset
					}
				]
			: [];
		return [...this.ghosts, ...current];
	});

	/** Every curve on the chart: the ghosts, then the current run. */
	series = $derived.by((): Series[] => {
		const records = this.#records.map((r) => {
			const name = this.names.get(r.n);
			return name ? { ...r, name } : r;
		});
		const labels = runLabels(
			records,
			this.controls.map((f) => f.key)
		);
		// one run per aggregation rule: each curve in its rule's colour (the site's one rule colour)
		const byRule = ruleSeriesColors(
			records,
			this.controls.map((f) => f.key)
		);
		return records.map((r, i) => ({
			id: `run-${r.n}`,
			label: labels[i] ?? `Run ${r.n}`,
			color: byRule?.[i] ?? runColor(r.n),
			ghost: i < records.length - 1 || this.run === null,
			points: r.points
		}));
	});

	/** The sentence for the aria-live caption: changes once per round, not per frame. */
	caption = $derived.by(() => {
		const s = this.run?.scenario;
		const p = this.shownPoints.at(-1);
		if (!s) return 'Preparing the training engine…';
		// a diverged run stops; say so instead of "Done" (or "Ready" when it stopped in round 1)
		const events = this.bridge.state === 'finished' ? this.bridge.events : [];
		const diverged = events.findLast((e) => e.type === 'diverged');
		if (diverged && (p ? p === this.bridge.metrics.at(-1) : !this.bridge.metrics.length))
			return `${p ? `Round ${p.round} of ${s.rounds}: test accuracy ${formatPercent(p.accuracy)}. ` : ''}Training diverged in round ${diverged.round} and stopped.`;
		if (!p) {
			if (this.bridge.state === 'building') return 'Preparing the run…';
			// playing or paused before the first evaluation: say which round is under way
			if (this.roundNow > 0)
				return `Under way: round ${this.roundNow} of ${s.rounds}, no evaluation yet.`;
			return `Ready: ${s.clients} client${s.clients === 1 ? '' : 's'}, ${s.rounds} round${s.rounds === 1 ? '' : 's'}. Press play or step.`;
		}
		const end =
			this.bridge.state === 'finished' && p === this.bridge.metrics.at(-1) ? ' Done.' : '';
		const figures = `test accuracy ${formatPercent(p.accuracy)}, loss ${formatLoss(p.loss)}, ${formatSeconds(p.t)} simulated, ${formatBytes(p.bytesUp + p.bytesDown)} sent.${end}`;
		// one round number everywhere: the server label and the clock line show `roundNow`, so once
		// the next round has started the caption says so after the last evaluated round's figures
		const now = Math.max(this.roundNow, p.round);
		const next = now > p.round ? ` Round ${now} under way.` : '';
		return `Round ${p.round} of ${s.rounds} done: ${figures}${next}`;
	});

	constructor(opts: CellOptions) {
		this.name = opts.name;
		// a key that names no field throws here rather than leaving a control out without a word
		this.controls = opts.controls === 'all' ? FIELDS : opts.controls.map((k) => fieldOf(k));
		this.base = withValues(defaultValues(), opts.initial ?? {});
		this.values = this.base;
		this.presets = opts.presets ?? [];
		this.persist = opts.persist ?? false;
		if (opts.xAxis) this.xAxis = opts.xAxis;
		const makeBridge = opts.bridge ?? ((o: BridgeOptions) => new EngineBridge(o));
		this.bridge = makeBridge({
			mnistUrl: opts.mnistUrl,
			onNotice: (n) => this.addNotice(n)
		});
		this.playhead = new Playhead(this.bridge);
		this.playhead.onCommand = (c) => this.#command(c);
		// a cell without a URL of its own (the second cell of a page) still reuses the measured pick
		this.#backend = storedBackend();
	}

	// ——— lifecycle ———

	/** Reads the link's settings (`location.search`); bad fields become a notice. */
	loadUrl(search: string): void {
		const params = searchParams(search);
		const decoded = decodeUrl(params, this.base);
		this.values = decoded.values;
		this.hidden = decoded.hidden;
		const extra: string[] = [];
		const speed = params.get('speed');
		if (speed !== null) {
			const x = SPEEDS.find((v) => String(v) === speed) as Speed | undefined;
			if (x !== undefined) this.playhead.speed = x;
			else
				extra.push(
					`Animation speed (speed=${speed.slice(0, 40)}) must be one of ${SPEEDS.join(', ')}; using 1×.`
				);
		}
		const backend = params.get('backend');
		if (backend !== null) {
			if (isBackendChoice(backend)) this.#backend = backend;
			else
				extra.push(
					`Backend (backend=${backend}) must be one of ${BACKEND_CHOICES.join(', ')}; choosing automatically.`
				);
		} else this.#backend = storedBackend();
		const workers = params.get('workers');
		this.#workers = undefined;
		if (workers !== null) {
			const w = parseWorkers(workers);
			if (typeof w === 'number') this.#workers = w;
			else extra.push(w);
		}
		this.presenting = params.has('present') && params.get('present') !== '0';
		const problems = [...decoded.notices, ...extra];
		if (problems.length)
			this.addNotice(
				notice(
					'warning',
					'Some settings in this link are not valid; those fall back to their defaults.',
					problems
				)
			);
	}

	/**
	 * The link for the current settings: the seed and the fields that differ from the chapter's
	 * (`?seed=42&E=3`), with hide flags and presentation mode.
	 */
	urlSearch(): string {
		const params = encodeUrl(this.values, { hidden: this.hidden, base: this.base });
		if (this.presenting) params.set('present', '1');
		return `?${params.toString()}`;
	}

	/** The page address's query: empty while the settings are the chapter's own, seed included. */
	addressSearch(): string {
		const search = this.urlSearch();
		return search === `?${encodeUrl(this.base, { base: this.base }).toString()}` ? '' : search;
	}

	/** Starts the worker, the animation and the first (paused) run; returns the cleanup. */
	connect(): () => void {
		const stopBridge = this.bridge.connect(this.#backend);
		const stopPlayhead = this.playhead.attach();
		this.#restoreRuns();
		this.#startNew(false);
		return () => {
			if (this.#startTimer) clearTimeout(this.#startTimer);
			stopPlayhead();
			stopBridge();
		};
	}

	// ——— transport ———

	play(): void {
		if (!this.parsed.ok) return;
		if (this.changedMidRun || this.#startTimer) {
			this.#restart(true);
			return;
		}
		this.playhead.play();
	}

	pause(): void {
		this.playhead.pause();
	}

	togglePlay(): void {
		if (this.playing) this.pause();
		else this.play();
	}

	/** One round (or one phase of a round), then pause; a run that has ended starts again. */
	step(unit: StepUnit = 'round'): void {
		if (!this.parsed.ok) return;
		if (this.changedMidRun || this.#startTimer) this.#restart(false);
		this.playhead.step(unit);
	}

	/** A command of the playback machine, carried out on the engine. */
	#command(c: Command): void {
		if (c === 'enginePlay') this.bridge.play();
		else if (c === 'enginePause') this.bridge.pause();
		else if (c === 'engineStep') this.bridge.step();
		else if (c === 'restart') this.#restart(this.playhead.playing);
	}

	/** Starts over with the current settings; a run with results stays as a ghost. */
	reset(): void {
		if (!this.parsed.ok) return;
		this.#restart(false);
	}

	/** The offered restart after a mid-run change: keeps the old run as a ghost. */
	restartWithChanges(): void {
		this.#restart(this.playhead.playing);
	}

	/** Puts the controls back to the running run's settings. */
	revertChanges(): void {
		if (this.run) this.values = this.run.values;
	}

	// ——— settings ———

	/** Changes settings from the controls. */
	set(changes: Values): void {
		this.values = withValues(this.values, changes);
		this.#settingsChanged(false);
	}

	applyPreset(p: Preset): void {
		this.values = withValues(this.values, p.values);
		if (this.parsed.ok) this.#restart(this.playhead.playing);
	}

	/** A fresh random seed (the UI's dice; the engine itself never draws from Math.random). */
	newSeed(): void {
		const buf = new Uint32Array(1);
		crypto.getRandomValues(buf);
		this.set({ seed: (buf[0] as number) % 1_000_000 });
	}

	setHidden(key: FieldKey, hide: boolean): void {
		const others = [...this.hidden].filter((k) => k !== key);
		this.hidden = keySet(hide ? [...others, key] : others);
	}

	/** Removes every ghost (and the names and notes of those runs); the live run stays. */
	clearGhosts(): void {
		const gone = this.ghosts.map((g) => g.n);
		this.ghosts = [];
		this.#forget(gone);
	}

	/** Removes one ghost; the other runs keep their numbers. */
	removeGhost(n: number): void {
		this.ghosts = this.ghosts.filter((g) => g.n !== n);
		this.#forget([n]);
	}

	/** Names run `n` (an empty name removes it: the legend describes the run again). */
	rename(n: number, name: string): void {
		this.names = renamed(this.names, n, name);
	}

	/** The notes as the chart draws them (on curve ids). */
	get chartNotes(): PinnedNote[] {
		return this.notes.map((n) => ({ runId: runId(n.run), round: n.round, text: n.text }));
	}

	/** Pins a note on run `run`'s evaluation of `round` (replacing a note there; empty removes it). */
	pinNote(run: number, round: number, text: string): void {
		const clean = cleanNoteText(text);
		const others = this.notes.filter((x) => !sameNotePoint(x, { run, round }));
		this.notes = clean ? [...others, { run, round, text: clean }] : others;
	}

	unpinNote(run: number, round: number): void {
		this.notes = this.notes.filter((x) => !sameNotePoint(x, { run, round }));
	}

	/** The runs to keep across a reload: the ghosts and the live run once it has results. */
	storedRuns(): StoredRuns {
		const live =
			this.run && this.bridge.metrics.length > 0
				? [
						{
							n: this.run.n,
							values: this.run.values,
							points: this.bridge.metrics,
							preset: this.run.preset
						}
					]
				: [];
		const runs = [...this.ghosts, ...live].map((r) => {
			const name = this.names.get(r.n);
			return name ? { ...r, name } : r;
		});
		const kept = runs.map((r) => r.n);
		return { runs, notes: this.notes.filter((x) => kept.includes(x.run)) };
	}

	/** Writes `storedRuns()` to localStorage (cells that persist; call from an `$effect`). */
	saveRuns(): void {
		if (this.persist && this.#runsRestored) saveRuns(runStoreKey(this.name), this.storedRuns());
	}

	/** Puts a run finished elsewhere (a comparison batch) on the chart as a ghost; its run number. */
	addGhost(values: Values, points: readonly EventOf<'evaluated'>[], preset?: string): number {
		const n = ++this.#runCount;
		this.ghosts = [...this.ghosts, { n, values, points, preset }].slice(-MAX_GHOSTS);
		return n;
	}

	// ——— import / export ———

	/** Validates a scenario file; on error nothing changes and the notice lists every problem. */
	importScenario(text: string, fileName: string): boolean {
		const r = parseScenario(text);
		if (!r.ok) {
			this.addNotice(
				notice('error', `${fileName} is not a valid scenario; nothing was changed.`, r.errors)
			);
			return false;
		}
		this.values = valuesFromScenario(r.scenario, this.base);
		this.addNotice(notice('info', `Loaded the scenario from ${fileName}.`));
		this.#settingsChanged(true);
		return true;
	}

	/** The current settings as pretty JSON (every default written out). */
	scenarioJson(): string | null {
		return this.parsed.ok ? serializeScenario(this.parsed.scenario) + '\n' : null;
	}

	/** Metrics of every visible run, ghosts included (the current run: everything computed). */
	metricsCsv(): string {
		const series = this.series.map((s, i, all) =>
			i === all.length - 1 && !s.ghost ? { ...s, points: this.bridge.metrics } : s
		);
		return metricsCsv(series);
	}

	// ——— notices ———

	addNotice(n: Notice): void {
		this.notices = [...this.notices.filter((x) => x.title !== n.title), n];
	}

	dismiss(id: number): void {
		this.notices = this.notices.filter((n) => n.id !== id);
	}

	get backendChoice(): BackendChoice {
		return this.#backend;
	}

	/** The link's `workers=` (undefined: one per core). */
	get workersRequested(): number | undefined {
		return this.#workers;
	}

	// ——— internals ———

	/** Drops the names and notes of runs no longer shown. */
	#forget(runs: readonly number[]): void {
		if ([...this.names.keys()].some((n) => runs.includes(n)))
			this.names = withoutNames(this.names, runs);
		if (this.notes.some((x) => runs.includes(x.run)))
			this.notes = this.notes.filter((x) => !runs.includes(x.run));
	}

	/** The runs kept from an earlier visit become ghosts; new runs are numbered after them. */
	#restoreRuns(): void {
		if (!this.persist || this.#runsRestored) return;
		this.#runsRestored = true;
		const stored = loadRuns(runStoreKey(this.name), this.base);
		if (!stored?.runs.length) return;
		const runs = stored.runs.slice(-MAX_GHOSTS);
		this.ghosts = runs.map(({ n, values, points, preset }) => ({ n, values, points, preset }));
		this.names = namesOf(runs);
		const kept = runs.map((r) => r.n);
		this.notes = stored.notes.filter((x) => kept.includes(x.run));
		this.#runCount = nextRunNumber(stored.runs, this.#runCount) - 1;
	}

	#settingsChanged(immediate: boolean): void {
		if (!this.parsed.ok) return; // the controls say why
		if (this.bridge.state === 'finished') return this.#restart(false);
		if (this.hasProgress) return; // `changedMidRun` offers the restart
		if (this.run && sameScenario(this.values, this.run.values)) return;
		// before any training: follow the controls live (histograms update while a slider moves)
		if (this.#startTimer) clearTimeout(this.#startTimer);
		this.#startTimer = setTimeout(
			() => {
				this.#startTimer = null;
				if (!this.hasProgress) this.#startNew(false);
			},
			immediate ? 0 : 120
		);
	}

	#restart(autoplay: boolean): void {
		if (this.#startTimer) clearTimeout(this.#startTimer);
		this.#startTimer = null;
		if (this.run && this.bridge.metrics.length > 0) {
			const ghost: RunRecord = {
				n: this.run.n,
				values: this.run.values,
				points: this.bridge.metrics,
				preset: this.run.preset
			};
			this.ghosts = [...this.ghosts, ghost].slice(-MAX_GHOSTS);
		}
		this.#startNew(autoplay);
	}

	#startNew(autoplay: boolean): void {
		const parsed = this.parsed;
		if (!parsed.ok) return;
		const preset = this.presets.find((p) => matches(this.values, p));
		this.run = {
			n: ++this.#runCount,
			values: this.values,
			scenario: parsed.scenario,
			preset: preset?.label
		};
		// the engine starts paused; the playback machine asks it to play or step once it is ready
		this.bridge.workers = trainerWorkers(parsed.scenario, deviceInfo(), this.#workers);
		this.bridge.start(parsed.scenario, false);
		this.playhead.rewind(autoplay ? 'playing' : this.playhead.stepping ? 'stepping' : 'paused');
	}
}
