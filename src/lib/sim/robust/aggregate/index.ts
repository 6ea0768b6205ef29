/**
 * The aggregation rules, by name: the UI, the URL codec and the CLI read this one table. Every rule
 * is a pure function over the round's update vectors (deltas from the global model) plus a
 * precondition check stated in the rule's own terms: n updates per aggregation, of which up to q
 * may be Byzantine.
 */
import type { Rng } from '../../core/rng';
import type { AggregatorSpec } from '../../core/schema';
import type { Checks } from '../../core/registry-types';
import { geometricMedian } from './geometric-median';
import { multiKrum } from './krum';
import { weightedMean } from './mean';
import { coordinateMedian } from './median';
import { medianOfMeans } from './median-of-means';
import { trimCount, trimmedMean } from './trimmed-mean';
import { bulyan, bulyanSizes } from './bulyan';
import { centeredClipping } from './centered-clipping';
import { dnc } from './dnc';
import { trimmedShares } from './explain';
import { fltrust } from './fltrust';
import { meamed } from './meamed';
import { normClipMean } from './norm-clip';

export type AggregatorName = AggregatorSpec['kind'];
type Of<K extends AggregatorName> = Extract<AggregatorSpec, { kind: K }>;

/** What a rule may read besides the updates. */
export interface RuleContext {
	/** n_k of each update (only the mean weights by it). */
	readonly samples: readonly number[];
	/** q: how many of these updates may be Byzantine (Krum's f when not set). */
	readonly byzantine: number;
	/** The round's random stream (median of means draws its groups from it). */
	readonly rng: Rng;
	/** The previous round's aggregate (centred clipping's centre); absent in the first round. */
	readonly previous?: Float32Array;
	/** The server's own update on its root set (FLTrust). */
	readonly reference?: Float32Array;
}

/** Why the rule treated the updates as it did: one figure per update, in input order. */
export interface RuleWhy {
	/** What the figure is, e.g. "Krum score (lower is kept)". */
	readonly measure: string;
	readonly values: readonly number[];
}

export interface RuleResult {
	readonly aggregate: Float32Array;
	/** Indices of the updates the rule left out entirely (Krum: the ones not selected). */
	readonly excluded?: readonly number[];
	/** Median of means: this round's groups (indices). */
	readonly groups?: readonly (readonly number[])[];
	/** The per-update figure behind the decision (Krum scores, trust, norms, share trimmed). */
	readonly why?: RuleWhy;
}

/** The size of an aggregation: n updates, of which up to q may come from Byzantine clients. */
export interface RoundShape {
	readonly n: number;
	readonly q: number;
}

export interface AggregatorEntry<K extends AggregatorName> {
	readonly label: string;
	/** The paper the rule comes from. */
	readonly paper: string;
	/** One line for captions. */
	readonly summary: string;
	/** The scenario's defaults for this rule. */
	readonly defaults: Of<K>;
	aggregate(updates: readonly Float32Array[], spec: Of<K>, ctx: RuleContext): RuleResult;
	check(spec: Of<K>, shape: RoundShape): Checks;
}

/** Krum's f: the one in the spec, else the q of the round. */
export function krumF(spec: { f?: number | undefined }, q: number): number {
	return spec.f ?? q;
}

const halfBroken = (shape: RoundShape, rule: string): string[] =>
	shape.q > 0 && 2 * shape.q >= shape.n
		? [
				`up to ${shape.q} of the ${shape.n} updates of a round can be Byzantine, at least half: ` +
					`the ${rule} can then be moved anywhere (its breakdown point is 1/2)`
			]
		: [];

const KRUM_SCORE = 'Krum score (sum of squared distances to its nearest; lower is kept)';

const underF = (rule: string, f: number, q: number) =>
	`${rule} is told f = ${f}, but up to ${q} Byzantine clients can take part in a round: its ` +
	`guarantee does not hold`;

function krumChecks(name: string, f: number, shape: RoundShape): Checks {
	const errors: string[] = [];
	const warnings: string[] = [];
	if (shape.n <= 2 * f + 2)
		errors.push(
			`${name} needs n > 2f + 2 updates per round, but n = ${shape.n} and f = ${f} ` +
				`(2f + 2 = ${2 * f + 2}): use fewer Byzantine clients, more clients per round, or a smaller f`
		);
	if (f < shape.q)
		warnings.push(
			`${name} is told f = ${f}, but up to ${shape.q} Byzantine clients can take part in a round: ` +
				`the guarantee of Blanchard et al. 2017 does not hold`
		);
	return { errors, warnings };
}

export const aggregators = {
	mean: {
		label: 'Mean (FedAvg)',
		paper: 'McMahan et al. 2017, arXiv:1602.05629',
		summary: 'The n_k-weighted mean: exact FedAvg, and dragged anywhere by a single attacker.',
		defaults: { kind: 'mean' },
		aggregate: (updates, _spec, ctx) => ({ aggregate: weightedMean(updates, ctx.samples) }),
		check: (_spec, shape) => ({
			errors: [],
			warnings:
				shape.q > 0
					? [
							`the mean has no defence (breakdown point 0): one Byzantine client can move it anywhere`
						]
					: []
		})
	},
	median: {
		label: 'Coordinate-wise median',
		paper: 'Yin, Chen, Ramchandran, Bartlett 2018, arXiv:1803.01498',
		summary:
			'The median of every coordinate: attackers must be half of the clients to move it far.',
		defaults: { kind: 'median' },
		aggregate: (updates) => ({ aggregate: coordinateMedian(updates) }),
		check: (_spec, shape) => ({ errors: [], warnings: halfBroken(shape, 'median') })
	},
	trimmedMean: {
		label: 'Trimmed mean',
		paper: 'Yin, Chen, Ramchandran, Bartlett 2018, arXiv:1803.01498',
		summary: 'Drop the β·n largest and smallest values of every coordinate, average the rest.',
		defaults: { kind: 'trimmedMean', beta: 0.2 },
		aggregate: (updates, spec) => ({
			aggregate: trimmedMean(updates, spec.beta),
			why: {
				measure: 'share of its coordinates trimmed',
				values: trimmedShares(updates, trimCount(updates.length, spec.beta))
			}
		}),
		check(spec, shape) {
			const errors: string[] = [];
			const warnings: string[] = [];
			if (!(spec.beta >= 0 && spec.beta < 0.5))
				errors.push(
					`the trimmed mean needs 0 ≤ β < 0.5 (got β = ${spec.beta}): it drops ⌊β·n⌋ values at ` +
						`each end of every coordinate, and at β = 0.5 nothing would be left to average`
				);
			else if (trimCount(shape.n, spec.beta) < shape.q)
				warnings.push(
					`β = ${spec.beta} trims ${trimCount(shape.n, spec.beta)} of the ${shape.n} values at ` +
						`each end, but up to ${shape.q} updates of a round can be Byzantine: raise β to at ` +
						`least ${+(shape.q / shape.n).toFixed(3)} for the guarantee of Yin et al. 2018`
				);
			return { errors, warnings };
		}
	},
	krum: {
		label: 'Krum',
		paper: 'Blanchard, El Mhamdi, Guerraoui, Stainer 2017, NeurIPS',
		summary: 'Pick the one update closest to its n − f − 2 nearest neighbours.',
		defaults: { kind: 'krum' },
		aggregate(updates, spec, ctx) {
			const r = multiKrum(updates, krumF(spec, ctx.byzantine), 1);
			return {
				aggregate: r.aggregate,
				excluded: notIn(updates.length, r.selected),
				why: { measure: KRUM_SCORE, values: r.scores }
			};
		},
		check: (spec, shape) => krumChecks('Krum', krumF(spec, shape.q), shape)
	},
	multiKrum: {
		label: 'Multi-Krum',
		paper: 'Blanchard, El Mhamdi, Guerraoui, Stainer 2017, NeurIPS',
		summary: 'Average the m updates with the best Krum scores.',
		defaults: { kind: 'multiKrum' },
		aggregate(updates, spec, ctx) {
			const f = krumF(spec, ctx.byzantine);
			const r = multiKrum(updates, f, spec.select ?? Math.max(updates.length - f, 1));
			return {
				aggregate: r.aggregate,
				excluded: notIn(updates.length, r.selected),
				why: { measure: KRUM_SCORE, values: r.scores }
			};
		},
		check(spec, shape) {
			const f = krumF(spec, shape.q);
			const c = krumChecks('Multi-Krum', f, shape);
			if (spec.select !== undefined && spec.select > shape.n - f)
				c.warnings.push(
					`Multi-Krum averages m = ${spec.select} updates, but only n − f = ${shape.n - f} of ` +
						`a round are sure to be honest: choose m ≤ ${Math.max(shape.n - f, 1)}`
				);
			return c;
		}
	},
	geometricMedian: {
		label: 'Geometric median',
		paper:
			'Weiszfeld 1937; as a robust aggregate: Pillutla, Kakade, Harchaoui 2019, arXiv:1912.13445',
		summary: 'The point with the least total distance to all updates (Weiszfeld iterations).',
		defaults: { kind: 'geometricMedian' },
		aggregate: (updates) => ({ aggregate: geometricMedian(updates).median }),
		check: (_spec, shape) => ({ errors: [], warnings: halfBroken(shape, 'geometric median') })
	},
	medianOfMeans: {
		label: 'Median of means',
		paper: 'Chen, Su, Xu 2017, arXiv:1705.05491',
		summary: 'Split the clients into k random groups each round, average each, take the median.',
		defaults: { kind: 'medianOfMeans', groups: 5, inner: 'geometric' },
		aggregate(updates, spec, ctx) {
			const r = medianOfMeans(updates, spec.groups, ctx.rng, spec.inner);
			return { aggregate: r.aggregate, groups: r.groups };
		},
		check(spec, shape) {
			const errors: string[] = [];
			const warnings: string[] = [];
			if (!(spec.groups >= 1))
				errors.push(`median of means needs k ≥ 1 groups (got k = ${spec.groups})`);
			else if (spec.groups > shape.n)
				errors.push(
					`median of means splits the ${shape.n} updates of a round into k = ${spec.groups} ` +
						`groups: k must be at most ${shape.n} so that no group is empty`
				);
			else if (shape.q > 0 && 2 * shape.q >= spec.groups)
				warnings.push(
					`with up to q = ${shape.q} Byzantine clients per round and k = ${spec.groups} groups, ` +
						`q ≥ k/2: the attackers can spoil half of the groups, so the guarantee of ` +
						`Chen, Su, Xu 2017 (q < k/2) does not hold; use k > ${2 * shape.q}`
				);
			return { errors, warnings };
		}
	},
	bulyan: {
		label: 'Bulyan',
		paper: 'El Mhamdi, Guerraoui, Rouault 2018, arXiv:1802.07927',
		summary:
			'Krum picks θ = n − 2f updates one by one; per coordinate, average the θ − 2f closest to their median.',
		defaults: { kind: 'bulyan' },
		aggregate(updates, spec, ctx) {
			const r = bulyan(updates, krumF(spec, ctx.byzantine));
			return {
				aggregate: r.aggregate,
				excluded: notIn(updates.length, r.selected),
				why: { measure: KRUM_SCORE, values: r.scores }
			};
		},
		check(spec, shape) {
			const f = krumF(spec, shape.q);
			const errors: string[] = [];
			if (shape.n < 4 * f + 3)
				errors.push(
					`Bulyan needs n ≥ 4f + 3 updates per round, but n = ${shape.n} and f = ${f} ` +
						`(4f + 3 = ${4 * f + 3}; it selects θ = n − 2f = ${bulyanSizes(shape.n, f).theta} and ` +
						`averages β = θ − 2f = ${bulyanSizes(shape.n, f).beta} per coordinate): use fewer ` +
						`Byzantine clients, more clients per round, or a smaller f`
				);
			return { errors, warnings: f < shape.q ? [underF('Bulyan', f, shape.q)] : [] };
		}
	},
	centeredClipping: {
		label: 'Centered clipping',
		paper: 'Karimireddy, He, Jaggi 2021, arXiv:2012.10333',
		summary:
			'Start at the last aggregate, average the updates clipped to radius τ around it, L times.',
		defaults: { kind: 'centeredClipping', tau: 1, iterations: 1 },
		aggregate(updates, spec, ctx) {
			const r = centeredClipping(updates, spec.tau, spec.iterations, ctx.previous);
			return {
				aggregate: r.aggregate,
				why: {
					measure: `distance from the centre (clipped above τ = ${spec.tau})`,
					values: r.distances
				}
			};
		},
		check: (spec) => ({
			errors: spec.tau > 0 ? [] : [`centered clipping needs τ > 0 (got τ = ${spec.tau})`],
			warnings: []
		})
	},
	meamed: {
		label: 'MeaMed',
		paper: 'Xie, Koyejo, Gupta 2018, arXiv:1802.10116',
		summary: 'Per coordinate, average the n − f values closest to the median.',
		defaults: { kind: 'meamed' },
		aggregate: (updates, spec, ctx) => ({
			aggregate: meamed(updates, Math.min(krumF(spec, ctx.byzantine), updates.length - 1))
		}),
		check(spec, shape) {
			const f = krumF(spec, shape.q);
			return {
				errors:
					f >= shape.n
						? [
								`MeaMed averages n − f values per coordinate: needs f < n (n = ${shape.n}, f = ${f})`
							]
						: [],
				warnings: [
					...halfBroken(shape, 'MeaMed'),
					...(f < shape.q ? [underF('MeaMed', f, shape.q)] : [])
				]
			};
		}
	},
	fltrust: {
		label: 'FLTrust',
		paper: 'Cao, Fang, Liu, Gong 2021, arXiv:2012.13995',
		summary:
			'The server trains on a small clean root set; each update counts by ReLU(cosine) with it, rescaled to its norm.',
		defaults: { kind: 'fltrust', rootSize: 100 },
		aggregate(updates, _spec, ctx) {
			if (!ctx.reference) throw new Error('fltrust: the server reference update is missing');
			const r = fltrust(updates, ctx.reference);
			return { aggregate: r.aggregate, why: { measure: 'trust score ReLU(cos)', values: r.trust } };
		},
		check: () => ({ errors: [], warnings: [] })
	},
	dnc: {
		label: 'Divide and conquer (DnC)',
		paper: 'Shejwalkar, Houmansadr 2021, NDSS',
		summary:
			'SVD of the centred updates on random coordinates; drop the c·f with the largest projection on the top singular vector.',
		defaults: { kind: 'dnc', subsample: 10_000, iterations: 1, filterFraction: 1 },
		aggregate(updates, spec, ctx) {
			const f = Math.min(krumF(spec, ctx.byzantine), updates.length - 1);
			const r = dnc(updates, f, { ...spec, rng: ctx.rng });
			return {
				aggregate: r.aggregate,
				excluded: notIn(updates.length, r.kept),
				why: { measure: 'outlier score (top singular direction)', values: r.scores }
			};
		},
		check(spec, shape) {
			const f = krumF(spec, shape.q);
			const removed = Math.ceil(spec.filterFraction * f - 1e-9);
			return {
				errors:
					removed >= shape.n
						? [
								`DnC removes ⌈c·f⌉ = ${removed} of the ${shape.n} updates of a round: nothing ` +
									`would be left; lower c or f`
							]
						: [],
				warnings: f < shape.q ? [underF('DnC', f, shape.q)] : []
			};
		}
	},
	normClip: {
		label: 'Norm clipping',
		paper: 'Sun, Kairouz, Suresh, McMahan 2019, arXiv:1911.07963',
		summary: 'Scale every update longer than τ down to τ, then take the weighted mean.',
		defaults: { kind: 'normClip', threshold: 1 },
		aggregate(updates, spec, ctx) {
			const r = normClipMean(updates, ctx.samples, spec.threshold);
			return {
				aggregate: r.aggregate,
				why: { measure: `norm before clipping (τ = ${spec.threshold})`, values: r.norms }
			};
		},
		check: (spec, shape) => ({
			errors: spec.threshold > 0 ? [] : [`norm clipping needs τ > 0 (got ${spec.threshold})`],
			warnings:
				shape.q > 0
					? [
							`norm clipping bounds each attacker's pull to τ but never removes it: ` +
								`${shape.q} aligned attackers still move the mean by up to ${shape.q}τ/n per round`
						]
					: []
		})
	}
} satisfies { [K in AggregatorName]: AggregatorEntry<K> };

export const aggregatorNames = Object.keys(aggregators) as AggregatorName[];

function notIn(n: number, selected: readonly number[]): number[] {
	const keep = new Set(selected);
	return Array.from({ length: n }, (_, i) => i).filter((i) => !keep.has(i));
}

/** Runs the rule `spec` names on `updates`. */
export function aggregateWith(
	spec: AggregatorSpec,
	updates: readonly Float32Array[],
	ctx: RuleContext
): RuleResult {
	switch (spec.kind) {
		case 'mean':
			return aggregators.mean.aggregate(updates, spec, ctx);
		case 'median':
			return aggregators.median.aggregate(updates);
		case 'trimmedMean':
			return aggregators.trimmedMean.aggregate(updates, spec);
		case 'krum':
			return aggregators.krum.aggregate(updates, spec, ctx);
		case 'multiKrum':
			return aggregators.multiKrum.aggregate(updates, spec, ctx);
		case 'geometricMedian':
			return aggregators.geometricMedian.aggregate(updates);
		case 'medianOfMeans':
			return aggregators.medianOfMeans.aggregate(updates, spec, ctx);
		case 'bulyan':
			return aggregators.bulyan.aggregate(updates, spec, ctx);
		case 'centeredClipping':
			return aggregators.centeredClipping.aggregate(updates, spec, ctx);
		case 'meamed':
			return aggregators.meamed.aggregate(updates, spec, ctx);
		case 'fltrust':
			return aggregators.fltrust.aggregate(updates, spec, ctx);
		case 'dnc':
			return aggregators.dnc.aggregate(updates, spec, ctx);
		case 'normClip':
			return aggregators.normClip.aggregate(updates, spec, ctx);
	}
}

/** The preconditions of the rule `spec` names, for a round of n updates with up to q Byzantine. */
export function checkAggregator(spec: AggregatorSpec, shape: RoundShape): Checks {
	switch (spec.kind) {
		case 'mean':
			return aggregators.mean.check(spec, shape);
		case 'median':
			return aggregators.median.check(spec, shape);
		case 'trimmedMean':
			return aggregators.trimmedMean.check(spec, shape);
		case 'krum':
			return aggregators.krum.check(spec, shape);
		case 'multiKrum':
			return aggregators.multiKrum.check(spec, shape);
		case 'geometricMedian':
			return aggregators.geometricMedian.check(spec, shape);
		case 'medianOfMeans':
			return aggregators.medianOfMeans.check(spec, shape);
		case 'bulyan':
			return aggregators.bulyan.check(spec, shape);
		case 'centeredClipping':
			return aggregators.centeredClipping.check(spec);
		case 'meamed':
			return aggregators.meamed.check(spec, shape);
		case 'fltrust':
			return aggregators.fltrust.check();
		case 'dnc':
			return aggregators.dnc.check(spec, shape);
		case 'normClip':
			return aggregators.normClip.check(spec, shape);
	}
}
