import { execFileSync } from 'node:child_process';
import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { makeBlobs } from '../../sim/core/dataset';
import { createRng } from '../../sim/core/rng';
import { scenarioOrThrow, type Scenario, type ScenarioInput } from '../../sim/scenario';
import { exportFlowerApp, FLWR_VERSION, PACKAGE, zipFlowerApp } from './app';
import { refusals } from './carry';
import { flattenScenario } from './config';

const blobs = makeBlobs(createRng(7));
const base: ScenarioInput = {
	dataset: 'blobs',
	clients: 6,
	rounds: 2,
	model: { kind: 'mlp', hidden: [8, 4] },
	algorithm: { kind: 'fedavg', clientFraction: 1 }
};
const run = (input: ScenarioInput) =>
	exportFlowerApp({ scenario: scenarioOrThrow({ ...base, ...input }), dataset: blobs });

describe('exportFlowerApp', () => {
	it('writes flwr new’s layout with every scenario field in the run config', () => {
		const r = run({ aggregator: { kind: 'krum' }, byzantine: { fraction: 1 / 6 } });
		if (!r.ok) throw new Error(r.errors.join('\n'));
		for (const f of ['server_app.py', 'client_app.py', 'task.py', 'scenario.json', 'plan.json'])
			expect(Object.keys(r.files)).toContain(`${PACKAGE}/${f}`);
		const toml = r.files['pyproject.toml'] as string;
		expect(toml).toContain(`serverapp = "${PACKAGE}.server_app:app"`);
		expect(toml).toContain(`"flwr[simulation]==${FLWR_VERSION}"`);
		const flat = flattenScenario(scenarioOrThrow({ ...base, aggregator: { kind: 'krum' } }));
		for (const key of Object.keys(flat)) expect(toml).toMatch(new RegExp(`^${key} = `, 'm'));
		expect(toml).toContain('model.hidden = "8,4"');
		expect(toml).toContain('aggregator.f = "auto"');
		expect(r.files['README.md']).not.toMatch(/\{\{/);
		const plan = JSON.parse(r.files[`${PACKAGE}/plan.json`] as string);
		expect(plan.byzantine).toHaveLength(1);
		expect(plan.partition.flat().sort((a: number, b: number) => a - b)).toEqual(
			Array.from({ length: blobs.train.n }, (_, i) => i)
		);
	});

	it.each<[string, ScenarioInput, string]>([
		['FedAsync', { algorithm: { kind: 'fedasync' } }, 'algorithm.kind'],
		['a round deadline', { algorithm: { kind: 'fedavg', deadline: 3 } }, 'algorithm.deadline'],
		['offline periods', { devices: { meanOnlineSec: 60 } }, 'devices.meanOnlineSec'],
		['lost messages', { devices: { messageLoss: 0.2 } }, 'devices.messageLoss'],
		[
			'an omniscient attack',
			{ byzantine: { fraction: 1 / 6, attack: { kind: 'alie' } }, aggregator: { kind: 'median' } },
			'byzantine.attack.kind'
		]
	])('refuses %s, naming %s', (_, input, field) => {
		const r = run(input);
		expect(r.ok).toBe(false);
		if (!r.ok) expect(r.errors.some((e) => e.startsWith(`${field} `))).toBe(true);
	});

	it('refuses a field it does not carry yet unless it sits at its default', () => {
		const scenario = scenarioOrThrow(base);
		expect(refusals({ ...scenario, futureKnob: 0.5 } as Scenario)).toEqual([
			'futureKnob = 0.5: not carried by the Flower export yet (only its default exports: leave it out)'
		]);
		// device speeds only move the simulated clock: carried
		expect(run({ devices: { computeSpread: 1, stragglerFraction: 0.5 } }).ok).toBe(true);
	});

	it('MNIST needs the file; the zip holds every file under the app’s name', () => {
		const mnist = exportFlowerApp({
			scenario: scenarioOrThrow({ ...base, dataset: 'mnist' }),
			dataset: blobs
		});
		expect(mnist.ok).toBe(false);
		const r = run({});
		if (!r.ok) throw new Error(r.errors.join('\n'));
		const unzipped = unzipSync(zipFlowerApp(r.name, r.files));
		expect(Object.keys(unzipped).sort()).toEqual(
			Object.keys(r.files)
				.map((p) => `${r.name}/${p}`)
				.sort()
		);
		expect(strFromU8(unzipped[`${r.name}/pyproject.toml`] as Uint8Array)).toBe(
			r.files['pyproject.toml']
		);
	});

	it('embeds the current flower/template (scripts/build-flower-template.mjs --check)', () => {
		expect(() =>
			execFileSync('node', ['scripts/build-flower-template.mjs', '--check'], { stdio: 'pipe' })
		).not.toThrow();
	});
});
