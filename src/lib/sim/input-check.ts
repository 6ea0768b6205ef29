/**
 * The structural checks that valibot's schema does not make (or makes too late), run on raw input
 * before the schema: every unknown key of every object is named (valibot stops at the first one
 * of an object), a list where an object belongs is refused (valibot's objects accept arrays),
 * tuples are strict in length, and an over-long list is refused by its length before its items
 * are looked at (a 10⁶-item list must not produce 10⁶ messages). Messages are capped in length
 * and count so that a hostile file cannot flood a terminal or a notice list.
 *
 * Written here rather than taken from a library: it walks the project's own valibot schema
 * objects (their `type`, `entries`, `wrapped`, `options`, `pipe`), which is ~100 lines and keeps
 * the schema the single source of truth for what is known.
 */

/** A value shown in a message is cut to this many characters. */
export const MAX_VALUE_CHARS = 200;
/** At most this many messages per input; the rest are counted ("and N more"). */
export const MAX_ISSUES = 50;

/** The parts of a valibot schema object this walker reads. */
interface SchemaNode {
	readonly type: string;
	readonly entries?: Readonly<Record<string, SchemaNode>>;
	readonly wrapped?: SchemaNode;
	readonly options?: readonly (SchemaNode | string | number)[];
	readonly key?: string;
	readonly item?: SchemaNode;
	readonly items?: readonly SchemaNode[];
	readonly literal?: unknown;
	readonly pipe?: readonly {
		readonly type: string;
		readonly requirement?: unknown;
		readonly message?: unknown;
	}[];
}

export interface InputProblems {
	/** One "path: message" line per problem, in input order. */
	readonly errors: string[];
	/** True when a list is longer than allowed: its items were not checked, nor should they be. */
	readonly oversized: boolean;
}

/** `s` cut to `max` characters, with an ellipsis and the full length when cut. */
export function clip(s: string, max = MAX_VALUE_CHARS): string {
	return s.length <= max ? s : `${s.slice(0, max)}… (${s.length} characters)`;
}

/** At most `MAX_ISSUES` messages, each clipped, then "and N more". */
export function capIssues(errors: readonly string[]): string[] {
	const seen = new Set<string>();
	const unique = errors
		.map((e) => clip(e, 2 * MAX_VALUE_CHARS))
		.filter((e) => {
			if (seen.has(e)) return false;
			seen.add(e);
			return true;
		});
	if (unique.length <= MAX_ISSUES) return unique;
	return [...unique.slice(0, MAX_ISSUES), `and ${unique.length - MAX_ISSUES} more problems`];
}

const isObject = (v: unknown): v is Record<string, unknown> =>
	v !== null && typeof v === 'object' && !Array.isArray(v);

const join = (path: string, key: string | number) =>
	path ? `${path}.${clip(String(key), 60)}` : clip(String(key), 60);

function maxLength(node: SchemaNode): { max: number; message: string } | undefined {
	const action = node.pipe?.find((a) => a.type === 'max_length');
	if (typeof action?.requirement !== 'number') return undefined;
	const max = action.requirement;
	const message =
		typeof action.message === 'string' ? action.message : `must have at most ${max} items`;
	return { max, message };
}

function walk(node: SchemaNode, value: unknown, path: string, out: InputProblems): void {
	if (value === undefined) return;
	if (node.type === 'optional' || node.type === 'nullable' || node.type === 'nullish') {
		if (node.wrapped) walk(node.wrapped, value, path, out);
		return;
	}
	const where = path || '(scenario)';
	switch (node.type) {
		case 'strict_object':
		case 'object':
		case 'loose_object': {
			if (Array.isArray(value)) {
				out.errors.push(`${where}: must be an object, not a list`);
				return;
			}
			if (!isObject(value) || !node.entries) return;
			for (const [k, v] of Object.entries(value)) {
				const child = Object.hasOwn(node.entries, k) ? node.entries[k] : undefined;
				if (child) walk(child, v, join(path, k), out);
				else if (node.type === 'strict_object')
					out.errors.push(`${join(path, k)}: unknown field "${clip(k, 60)}"`);
			}
			return;
		}
		case 'variant': {
			if (Array.isArray(value)) {
				out.errors.push(`${where}: must be an object, not a list`);
				return;
			}
			if (!isObject(value) || !node.key) return;
			const tag = value[node.key];
			const option = node.options?.find(
				(o): o is SchemaNode =>
					typeof o === 'object' && o.entries?.[node.key as string]?.literal === tag
			);
			if (option) walk(option, value, path, out);
			return;
		}
		case 'array': {
			if (!Array.isArray(value)) return;
			const limit = maxLength(node);
			if (limit && value.length > limit.max) {
				out.errors.push(`${where}: ${limit.message} (got ${value.length} items)`);
				(out as { oversized: boolean }).oversized = true;
				return;
			}
			if (node.item) value.forEach((v, i) => walk(node.item as SchemaNode, v, join(path, i), out));
			return;
		}
		case 'tuple':
		case 'strict_tuple':
		case 'loose_tuple': {
			if (!Array.isArray(value) || !node.items) return;
			if (value.length !== node.items.length) {
				out.errors.push(
					`${where}: must have exactly ${node.items.length} items (got ${value.length})`
				);
				(out as { oversized: boolean }).oversized = value.length > 10 * node.items.length;
				return;
			}
			node.items.forEach((item, i) => walk(item, value[i], join(path, i), out));
			return;
		}
		default:
			return;
	}
}

/** The structural problems of `input` against `schema` (a valibot schema object). */
export function inputProblems(schema: unknown, input: unknown): InputProblems {
	const out: InputProblems = { errors: [], oversized: false };
	walk(schema as SchemaNode, input, '', out);
	return out;
}
