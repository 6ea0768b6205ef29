/**
 * "Run this on Flower": a scenario as a Flower app (`flwr new`'s layout) that runs the same
 * experiment — the Python template in flower/template (embedded by
 * scripts/build-flower-template.mjs), the scenario as a flattened run config in pyproject.toml,
 * the engine's partition and Byzantine clients in plan.json, and the bundled MNIST file.
 * The UI (Share & export → Flower app) and the CLI (`npm run export:flower`) both call
 * `exportFlowerApp`; this module does no I/O.
 */
import { strToU8, zlibSync, zipSync } from 'fflate';
import type { Dataset } from '../../sim/core/dataset';
import { serializeScenario, type Scenario } from '../../sim/scenario';
import { refusals } from './carry';
import { flattenScenario, tomlLines } from './config';
import { planFor } from './plan';
import { TEMPLATE_FILES } from './template.generated';

/** The Flower release the app is written and tested against (flower/requirements.txt). */
export const FLWR_VERSION = '1.42.0';
export const PACKAGE = 'playground_app';

/** Run-config keys of the app itself (not scenario fields). */
const EXPORT_CONFIG = {
	'export.timeout': 600,
	'export.metrics-file': '',
	/** "flwr-datasets": the full MNIST through flwr-datasets (needs the network; a new partition). */
	'export.dataset-source': 'bundled'
};

export interface FlowerExportInput {
	readonly scenario: Scenario;
	readonly dataset: Dataset;
	/** The bytes of static/data/mnist.bin (needed when the scenario uses MNIST). */
	readonly mnistBin?: Uint8Array;
}

export type FlowerExport =
	| { ok: true; files: Record<string, string | Uint8Array>; name: string }
	| { ok: false; errors: string[] };

const RULES: Record<string, string> = {
	mean: "FedAvg — Flower's `FedAvg` (the n_k-weighted mean of the returned models)",
	median:
		"coordinate-wise median — Flower's `FedMedian` (median of models = model + median of deltas)",
	trimmedMean:
		"trimmed mean — Flower's `FedTrimmedAvg` (drops ⌊β·n⌋ at each end, unweighted, as the playground)",
	krum: "Krum — Flower's `Krum` (n − f − 2 neighbours; one model is selected, so weighting is moot)",
	multiKrum:
		"Multi-Krum — a custom strategy: the playground averages the selected updates unweighted, Flower's `MultiKrum` weights them by examples",
	geometricMedian: 'geometric median (Weiszfeld) — a custom strategy (Flower has none)',
	medianOfMeans: 'geometric median of means — a custom strategy (Flower has none)',
	bulyan:
		"Bulyan — a custom strategy: the playground re-scores Krum on the shrinking set (as the paper), Flower's `Bulyan` takes the θ best scores of one Multi-Krum pass",
	meamed: 'MeaMed — a custom strategy (Flower has none)',
	centeredClipping: 'centered clipping — a custom strategy (Flower has none)',
	normClip: 'norm clipping + weighted mean — a custom strategy (Flower has none)'
};

/** The packed MNIST file by its bytes: compressing 7.8 MB once per page or process is enough. */
const packed = new WeakMap<Uint8Array, string>();

function packMnist(bin: Uint8Array): string {
	let text = packed.get(bin);
	if (text === undefined) {
		text = JSON.stringify({
			format: 'static/data/mnist.bin of the Distributed Learning Playground, zlib, base64',
			data: base64(zlibSync(bin, { level: 9 }))
		});
		packed.set(bin, text);
	}
	return text;
}

function base64(bytes: Uint8Array): string {
	let s = '';
	for (let i = 0; i < bytes.length; i += 0x8000)
		s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
	return btoa(s);
}

function slug(s: Scenario): string {
	const rule = s.aggregator.kind === 'mean' ? '' : `-${s.aggregator.kind}`;
	return `playground-${s.algorithm.kind}${rule}-seed${s.seed}`.toLowerCase();
}

function pyproject(s: Scenario, name: string): string {
	const deps = [`"flwr[simulation]==${FLWR_VERSION}"`, '"numpy>=2.0"'];
	if (s.model.kind === 'cnn') deps.push('"torch>=2.2"');
	return [
		'[build-system]',
		'requires = ["hatchling"]',
		'build-backend = "hatchling.build"',
		'',
		'[project]',
		`name = "${name}"`,
		'version = "1.0.0"',
		'description = "A Distributed Learning Playground scenario, exported as a Flower app"',
		'license = "MIT"',
		`dependencies = [${deps.join(', ')}]`,
		'',
		'[tool.hatch.build.targets.wheel]',
		'packages = ["."]',
		'',
		'[tool.flwr.app]',
		'publisher = "distributed-learning-playground"',
		'',
		'[tool.flwr.app.components]',
		`serverapp = "${PACKAGE}.server_app:app"`,
		`clientapp = "${PACKAGE}.client_app:app"`,
		'',
		'# Every scenario field, flattened; override with flwr run --run-config "key=value".',
		'[tool.flwr.app.config]',
		...tomlLines({ ...flattenScenario(s), ...EXPORT_CONFIG }),
		'',
		'[tool.ruff]',
		'line-length = 100',
		'',
		'[tool.ruff.lint]',
		'select = ["E", "F", "W", "I", "B", "UP"]',
		''
	].join('\n');
}

function readme(s: Scenario, name: string, byzantine: number[], initHash: number): string {
	const model =
		s.model.kind === 'mlp'
			? `MLP [${s.model.hidden.join(', ')}] in NumPy float32`
			: `CNN (filters ${s.model.filters.join(', ')}) in PyTorch (\`pip install torch\`)`;
	const fill: Record<string, string> = {
		title: name,
		partition: JSON.stringify(s.partition),
		seed: String(s.seed),
		initHash: String(initHash),
		byzantine: byzantine.length
			? `${byzantine.length > 1 ? 'clients' : 'client'} ${byzantine.join(', ')}, attack ` +
				JSON.stringify(s.byzantine.attack)
			: 'none',
		data:
			s.dataset === 'mnist'
				? "the playground's 10,000 MNIST digits (8,000 train / 2,000 test) ship inside the app (`playground_app/mnist.json`, zlib + base64, because a Flower App Bundle carries only `.py/.toml/.md/.json/.yaml` files); nothing is downloaded."
				: "the playground's blobs (four 2-D Gaussian clusters, 2,000 train / 500 test) are regenerated from the same seeded stream (`rng.py`); nothing is downloaded.",
		model,
		rule: RULES[s.aggregator.kind] ?? s.aggregator.kind,
		flwr: FLWR_VERSION,
		clients: String(s.clients),
		lastClient: String(s.clients - 1),
		flowerStrategies:
			"mean → `FedAvg` (with server momentum: `FedAvgM`), median → `FedMedian`, trimmed mean → `FedTrimmedAvg`, Krum → `Krum`, each with the playground's client sampling instead of Flower's random one; Multi-Krum (Flower's weights by examples, the playground's does not), Bulyan (Flower's selects the θ best of one Multi-Krum pass, the paper and the playground re-score the shrinking set), the geometric median, median of means, MeaMed, centered clipping and norm clipping run as a custom strategy in `strategy.py`/`rules.py`; the adaptive server optimizers (FedAdam, FedYogi, FedAdagrad as in Reddi et al. 2021: v starts at τ², no bias correction, unlike Flower's classes) in `optimizers.py`."
	};
	return (TEMPLATE_FILES['README.md'] ?? '').replace(/\{\{(\w+)\}\}/g, (_, k: string) => {
		const v = fill[k];
		if (v === undefined) throw new Error(`README template: no value for {{${k}}}`);
		return v;
	});
}

/** The files of the Flower app for `input.scenario`, or the reasons it cannot be exported. */
export function exportFlowerApp(input: FlowerExportInput): FlowerExport {
	const { scenario, dataset } = input;
	const errors = refusals(scenario);
	if (scenario.dataset === 'mnist' && !input.mnistBin)
		errors.push('dataset = "mnist": the MNIST file (static/data/mnist.bin) was not given');
	if (errors.length) return { ok: false, errors };
	const plan = planFor(scenario, dataset);
	const name = slug(scenario);
	const files: Record<string, string | Uint8Array> = {
		'pyproject.toml': pyproject(scenario, name),
		'README.md': readme(scenario, name, plan.byzantine, plan.initHash)
	};
	for (const [path, text] of Object.entries(TEMPLATE_FILES))
		if (path.startsWith(`${PACKAGE}/`)) files[path] = text;
	files[`${PACKAGE}/scenario.json`] = serializeScenario(scenario);
	files[`${PACKAGE}/plan.json`] = JSON.stringify(plan);
	if (scenario.dataset === 'mnist' && input.mnistBin)
		files[`${PACKAGE}/mnist.json`] = packMnist(input.mnistBin);
	return { ok: true, files, name };
}

/** The app as one .zip, every file under `<name>/`. */
export function zipFlowerApp(name: string, files: Record<string, string | Uint8Array>): Uint8Array {
	const entries: Record<string, Uint8Array> = {};
	for (const [path, data] of Object.entries(files))
		entries[`${name}/${path}`] = typeof data === 'string' ? strToU8(data) : data;
	return zipSync(entries, { level: 6 });
}
