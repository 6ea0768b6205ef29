/** The staleness functions s(t − τ), by name: the UI, the URL codec and the CLI read this table. */
import type { Scenario } from '../core/schema';
import { constantStaleness } from './constant';
import { hingeStaleness } from './hinge';
import { polynomialStaleness } from './polynomial';

/** A staleness function's settings, as the scenario holds them. */
export type StalenessSpec = Extract<
	Scenario['algorithm'],
	{ kind: 'fedasync' | 'fedbuff' }
>['staleness'];

type Kind = StalenessSpec['kind'];
type Of<K extends Kind> = Extract<StalenessSpec, { kind: K }>;

/** s: how much an update `staleness` global versions behind counts, in (0, 1]. */
export type StalenessFn = (staleness: number) => number;

export const stalenessFunctions = {
	constant: {
		label: 'constant: s = 1',
		create: (_spec: Of<'constant'>): StalenessFn => constantStaleness
	},
	polynomial: {
		label: 'polynomial: s = (t − τ + 1)^(−a)',
		create:
			(spec: Of<'polynomial'>): StalenessFn =>
			(s) =>
				polynomialStaleness(s, spec.a)
	},
	hinge: {
		label: 'hinge: s = 1 up to b, then 1/(a(t − τ − b) + 1)',
		create:
			(spec: Of<'hinge'>): StalenessFn =>
			(s) =>
				hingeStaleness(s, spec.a, spec.b)
	}
} satisfies { [K in Kind]: { label: string; create: (spec: Of<K>) => StalenessFn } };

/** The staleness function a spec describes. */
export function stalenessFunction(spec: StalenessSpec): StalenessFn {
	switch (spec.kind) {
		case 'constant':
			return stalenessFunctions.constant.create(spec);
		case 'polynomial':
			return stalenessFunctions.polynomial.create(spec);
		case 'hinge':
			return stalenessFunctions.hinge.create(spec);
	}
}
