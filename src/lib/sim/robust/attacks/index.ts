/**
 * The attacks, by name: the UI, the URL codec and the CLI read this one table. A model-poisoning
 * attack turns the Byzantine clients' honestly trained updates (deltas from the global model) into
 * the updates they send; a data-poisoning attack changes what they train on and sends the result
 * untouched. The attackers craft their updates together; the "omniscient" ones (`knows`) see the
 * round's honest updates first (the adversary of the papers), the others only their own. None of
 * them knows or adapts to the server's rule.
 */
import type { Rng } from '../../core/rng';
import type { AttackSpec } from '../../core/schema';
import { alie, alieZ } from './alie';
import { constantUpdate } from './constant';
import { faultyUpdate } from './faulty';
import { gaussianUpdate } from './gaussian';
import { flipLabels } from './label-flip';
import { scaleUpdate } from './scaling';
import { signFlip } from './sign-flip';
import { ipm } from './ipm';
import { minMaxUpdate } from './min-max';
import { mimicTarget } from './mimic';

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
	/**
	 * What the attackers know. "omniscient": the round's honest updates (as in the papers), but
	 * never the rule; "own": only their own data and update. No attack here adapts to the rule.
	 */
	readonly knows: 'omniscient' | 'own';
	readonly defaults: Of<K>;
	/** The updates the attackers send, one per entry of `input.own`. */
	craft(spec: Of<K>, input: AttackInput): Float32Array[];
}

const lengthOf = (input: AttackInput) => (input.own[0] ?? input.honest[0])?.length ?? 0;

/** Every honestly trained update of the round: the honest clients' and the attackers' own. */
const trained = (input: AttackInput) => [...input.honest, ...input.own];

export const attacks = {
	signFlip: {
		label: 'Sign flip',
		paper: 'Karimireddy, He, Jaggi 2021, arXiv:2012.10333 (λ = 1)',
		summary: 'Send −λ × the honest update: push the model uphill.',
		poisons: 'model',
		knows: 'own',
		defaults: { kind: 'signFlip', scale: 4 },
		craft: (spec, input) => input.own.map((u) => signFlip(u, spec.scale))
	},
	gaussian: {
		label: 'Gaussian noise',
		paper: 'Blanchard et al. 2017, NeurIPS',
		summary: 'Send pure noise N(0, σ²) in every coordinate.',
		poisons: 'model',
		knows: 'own',
		defaults: { kind: 'gaussian', sigma: 0.5 },
		craft: (spec, input) =>
			input.own.map(() => gaussianUpdate(lengthOf(input), spec.sigma, input.rng))
	},
	scaling: {
		label: 'Scaling (boost)',
		paper: 'Bhagoji et al. 2019, arXiv:1811.12470',
		summary: 'Send λ × the honest update to outweigh everyone else.',
		poisons: 'model',
		knows: 'own',
		defaults: { kind: 'scaling', factor: 10 },
		craft: (spec, input) => input.own.map((u) => scaleUpdate(u, spec.factor))
	},
	constant: {
		label: 'Constant / zero',
		paper: 'Lin, Du, Liu 2019, arXiv:1911.12560 (zero: free riders)',
		summary: 'Send the same value everywhere; 0 is a free rider.',
		poisons: 'model',
		knows: 'own',
		defaults: { kind: 'constant', value: 0 },
		craft: (spec, input) => input.own.map(() => constantUpdate(lengthOf(input), spec.value))
	},
	faulty: {
		label: 'Faulty (NaN / huge)',
		paper: 'a broken device, not an adversary',
		summary: 'Send NaN, ±Infinity or 1e30: the mean breaks, robust rules discard or out-vote it.',
		poisons: 'model',
		knows: 'own',
		defaults: { kind: 'faulty', value: 'nan' },
		craft: (spec, input) => input.own.map(() => faultyUpdate(lengthOf(input), spec.value))
	},
	labelFlip: {
		label: 'Label flip (data poisoning)',
		paper: 'Tolpegin et al. 2020, arXiv:2007.08432',
		summary: 'Train honestly on labels y → 9 − y and send the result.',
		poisons: 'data',
		knows: 'own',
		defaults: { kind: 'labelFlip' },
		craft: (_spec, input) => input.own.map((u) => u)
	},
	alie: {
		label: 'A little is enough (ALIE)',
		paper: 'Baruch, Baruch, Goldberg 2019, arXiv:1902.06156',
		summary: 'All attackers send mean − z·std of the honest updates: small, hidden, aligned.',
		poisons: 'model',
		knows: 'omniscient',
		defaults: { kind: 'alie', z: 'auto' },
		craft(spec, input) {
			if (!input.own.length) return [];
			const all = [...input.honest, ...input.own];
			const z = spec.z === 'auto' ? alieZ(all.length, input.own.length) : spec.z;
			const sent = alie(all, z);
			return input.own.map(() => sent.slice());
		}
	},
	ipm: {
		label: 'Inner-product manipulation (IPM)',
		paper: 'Xie, Koyejo, Gupta 2020, arXiv:1903.03936',
		summary: 'All attackers send −ε × the honest mean: close to the cloud, pointing backwards.',
		poisons: 'model',
		knows: 'omniscient',
		defaults: { kind: 'ipm', epsilon: 0.5 },
		craft(spec, input) {
			if (!input.own.length) return [];
			const sent = ipm(trained(input), spec.epsilon);
			return input.own.map(() => sent.slice());
		}
	},
	minMax: {
		label: 'Min-max',
		paper: 'Shejwalkar, Houmansadr 2021, NDSS',
		summary:
			'Honest mean + γ·p with the largest γ whose farthest honest update is no farther than any two honest ones.',
		poisons: 'model',
		knows: 'omniscient',
		defaults: { kind: 'minMax', direction: 'std' },
		craft(spec, input) {
			if (!input.own.length) return [];
			const { update } = minMaxUpdate(trained(input), spec.direction, 'max');
			return input.own.map(() => update.slice());
		}
	},
	minSum: {
		label: 'Min-sum',
		paper: 'Shejwalkar, Houmansadr 2021, NDSS',
		summary:
			'Honest mean + γ·p with the largest γ whose summed squared distance to the honest updates stays in bounds.',
		poisons: 'model',
		knows: 'omniscient',
		defaults: { kind: 'minSum', direction: 'std' },
		craft(spec, input) {
			if (!input.own.length) return [];
			const { update } = minMaxUpdate(trained(input), spec.direction, 'sum');
			return input.own.map(() => update.slice());
		}
	},
	mimic: {
		label: 'Mimic',
		paper: 'Karimireddy, He, Jaggi 2022, arXiv:2006.09365',
		summary:
			'All attackers copy one honest client (the most unusual one): hurts under non-IID data.',
		poisons: 'model',
		knows: 'omniscient',
		defaults: { kind: 'mimic' },
		craft(_spec, input) {
			if (!input.honest.length) return input.own.map((u) => u);
			const copy = input.honest[mimicTarget(input.honest)] as Float32Array;
			return input.own.map(() => copy.slice());
		}
	},
	backdoor: {
		label: 'Backdoor (trigger)',
		paper: 'Bagdasaryan et al. 2020, arXiv:1807.00459',
		summary:
			'Train on digits stamped with a corner trigger relabelled to the target, optionally boost the update.',
		poisons: 'data',
		knows: 'own',
		defaults: { kind: 'backdoor', target: 0, poisonFraction: 0.5, boost: 1 },
		craft: (spec, input) =>
			input.own.map((u) => (spec.boost === 1 ? u : scaleUpdate(u, spec.boost)))
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
		case 'ipm':
			return attacks.ipm.craft(spec, input);
		case 'minMax':
			return attacks.minMax.craft(spec, input);
		case 'minSum':
			return attacks.minSum.craft(spec, input);
		case 'mimic':
			return attacks.mimic.craft(spec, input);
		case 'backdoor':
			return attacks.backdoor.craft(spec, input);
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
