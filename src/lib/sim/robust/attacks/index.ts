/**
 * The attacks, by name: the UI, the URL codec and the CLI read this one table. A model-poisoning
 * attack turns the Byzantine clients' honestly trained updates (deltas from the global model) into
 * the updates they send; a data-poisoning attack changes what they train on and sends the result
 * untouched. The attackers craft their updates together, after seeing the round's honest updates
 * (the strongest, omniscient adversary that the robust rules are meant to withstand).
 */
import type { Rng } from '../../core/rng';
import type { AttackSpec } from '../../core/schema';
import type { ParameterInfo } from '../../core/registry-types';
import { alie, alieZ } from './alie';
import { constantUpdate } from './constant';
import { faultyUpdate } from './faulty';
import { gaussianUpdate } from './gaussian';
import { flipLabels } from './label-flip';
import { scaleUpdate } from './scaling';
import { signFlip } from './sign-flip';

export type AttackName = AttackSpec['kind'];
type Of<K extends AttackName> = Extract<AttackSpec, { kind: K }>;

export interface AttackInput {
	/** The attackers' own honestly trained updates, one per attacker. */
	readonly own: readonly Float32Array[];
	/** The honest clients' updates of the same round. */
	readonly honest: readonly Float32Array[];
	/** The round's attack stream (noise draws). */
	readonly rng: Rng;
}

export interface AttackEntry<K extends AttackName> {
	readonly label: string;
	readonly paper: string;
	readonly summary: string;
	/** 'model': rewrites the update; 'data': poisons the training labels. */
	readonly poisons: 'model' | 'data';
	readonly parameters: readonly ParameterInfo[];
	readonly defaults: Of<K>;
	/** The updates the attackers send, one per entry of `input.own`. */
	craft(spec: Of<K>, input: AttackInput): Float32Array[];
}

const lengthOf = (input: AttackInput) => (input.own[0] ?? input.honest[0])?.length ?? 0;

export const attacks = {
	signFlip: {
		label: 'Sign flip',
		paper: 'Karimireddy, He, Jaggi 2021, arXiv:2012.10333 (λ = 1)',
		summary: 'Send −λ × the honest update: push the model uphill.',
		poisons: 'model',
		parameters: [
			{
				key: 'scale',
				label: 'λ',
				description: 'Sends −λ × its update',
				min: 0,
				max: 100,
				step: 0.5
			}
		],
		defaults: { kind: 'signFlip', scale: 4 },
		craft: (spec, input) => input.own.map((u) => signFlip(u, spec.scale))
	},
	gaussian: {
		label: 'Gaussian noise',
		paper: 'Blanchard et al. 2017, NeurIPS',
		summary: 'Send pure noise N(0, σ²) in every coordinate.',
		poisons: 'model',
		parameters: [
			{ key: 'sigma', label: 'σ', description: 'Standard deviation', min: 0, max: 100, step: 0.1 }
		],
		defaults: { kind: 'gaussian', sigma: 0.5 },
		craft: (spec, input) =>
			input.own.map(() => gaussianUpdate(lengthOf(input), spec.sigma, input.rng))
	},
	scaling: {
		label: 'Scaling (boost)',
		paper: 'Bhagoji et al. 2019, arXiv:1811.12470',
		summary: 'Send λ × the honest update to outweigh everyone else.',
		poisons: 'model',
		parameters: [
			{ key: 'factor', label: 'λ', description: 'Sends λ × its update', min: 0, max: 1000, step: 1 }
		],
		defaults: { kind: 'scaling', factor: 10 },
		craft: (spec, input) => input.own.map((u) => scaleUpdate(u, spec.factor))
	},
	constant: {
		label: 'Constant / zero',
		paper: 'Lin, Du, Liu 2019, arXiv:1911.12560 (zero: free riders)',
		summary: 'Send the same value everywhere; 0 is a free rider.',
		poisons: 'model',
		parameters: [
			{
				key: 'value',
				label: 'value',
				description: 'Every coordinate',
				min: -1000,
				max: 1000,
				step: 0.1
			}
		],
		defaults: { kind: 'constant', value: 0 },
		craft: (spec, input) => input.own.map(() => constantUpdate(lengthOf(input), spec.value))
	},
	faulty: {
		label: 'Faulty (NaN / huge)',
		paper: 'a broken device, not an adversary',
		summary: 'Send NaN, ±Infinity or 1e30: the mean breaks, robust rules discard or out-vote it.',
		poisons: 'model',
		parameters: [
			{
				key: 'value',
				label: 'value',
				description: 'What the broken client sends',
				options: ['nan', 'infinity', 'huge']
			}
		],
		defaults: { kind: 'faulty', value: 'nan' },
		craft: (spec, input) => input.own.map(() => faultyUpdate(lengthOf(input), spec.value))
	},
	labelFlip: {
		label: 'Label flip (data poisoning)',
		paper: 'Tolpegin et al. 2020, arXiv:2007.08432',
		summary: 'Train honestly on labels y → 9 − y and send the result.',
		poisons: 'data',
		parameters: [],
		defaults: { kind: 'labelFlip' },
		craft: (_spec, input) => input.own.map((u) => u)
	},
	alie: {
		label: 'A little is enough (ALIE)',
		paper: 'Baruch, Baruch, Goldberg 2019, arXiv:1902.06156',
		summary: 'All attackers send mean − z·std of the honest updates: small, hidden, aligned.',
		poisons: 'model',
		parameters: [
			{
				key: 'z',
				label: 'z',
				description: 'Standard deviations below the mean',
				min: 0,
				max: 10,
				step: 0.05,
				auto: 'the paper: z = Φ⁻¹((n − s)/n), s = ⌊n/2 + 1⌋ − f'
			}
		],
		defaults: { kind: 'alie', z: 'auto' },
		craft(spec, input) {
			if (!input.own.length) return [];
			const all = [...input.honest, ...input.own];
			const z = spec.z === 'auto' ? alieZ(all.length, input.own.length) : spec.z;
			const sent = alie(all, z);
			return input.own.map(() => sent.slice());
		}
	}
} satisfies { [K in AttackName]: AttackEntry<K> };

export const attackNames = Object.keys(attacks) as AttackName[];

/** The updates the Byzantine clients send under the attack `spec`. */
export function craftUpdates(spec: AttackSpec, input: AttackInput): Float32Array[] {
	switch (spec.kind) {
		case 'signFlip':
			return attacks.signFlip.craft(spec, input);
		case 'gaussian':
			return attacks.gaussian.craft(spec, input);
		case 'scaling':
			return attacks.scaling.craft(spec, input);
		case 'constant':
			return attacks.constant.craft(spec, input);
		case 'faulty':
			return attacks.faulty.craft(spec, input);
		case 'labelFlip':
			return attacks.labelFlip.craft(spec, input);
		case 'alie':
			return attacks.alie.craft(spec, input);
	}
}

/** The label map a client trains with under `spec`: label flip for a Byzantine client, else none. */
export function labelMapFor(
	spec: AttackSpec,
	byzantine: boolean,
	numClasses: number
): ((label: number) => number) | undefined {
	return byzantine && spec.kind === 'labelFlip' ? flipLabels(numClasses) : undefined;
}
