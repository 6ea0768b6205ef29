/**
 * The README's field reference (the bullet list under "Run a scenario headless") is checked
 * against the schema, so the two cannot drift apart again: every backticked name in it must be a
 * field, a `kind` or an allowed value of the scenario schema.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ScenarioSchema } from './core/schema';

/** Every entry key, literal and picklist option anywhere in a valibot schema. */
function namesOf(node: unknown, out = new Set<string>(), seen = new Set<unknown>()): Set<string> {
	if (!node || typeof node !== 'object' || seen.has(node)) return out;
	seen.add(node);
	const n = node as Record<string, unknown>;
	if (n.entries && typeof n.entries === 'object')
		for (const [k, child] of Object.entries(n.entries)) {
			out.add(k);
			namesOf(child, out, seen);
		}
	if (n.literal !== undefined) out.add(String(n.literal));
	for (const key of ['wrapped', 'item'] as const) namesOf(n[key], out, seen);
	for (const key of ['options', 'items', 'pipe'] as const)
		if (Array.isArray(n[key]))
			for (const o of n[key] as unknown[])
				if (typeof o === 'string' || typeof o === 'number') out.add(String(o));
				else namesOf(o, out, seen);
	return out;
}

function referenceNames(): { line: string; name: string }[] {
	const readme = readFileSync('README.md', 'utf8');
	const start = readme.indexOf('## Run a scenario headless');
	const end = readme.indexOf('An invalid file', start);
	const section = readme.slice(start, end);
	const out: { line: string; name: string }[] = [];
	for (const line of section.split('\n').filter((l) => /^\s*- /.test(l)))
		for (const m of line.matchAll(/`([^`]+)`/g)) {
			const text = (m[1] as string).replace(/^"|"$/g, '');
			if (!/^[a-zA-Z][a-zA-Z0-9.]*$/.test(text)) continue;
			for (const part of text.split('.')) out.push({ line: line.trim(), name: part });
		}
	return out;
}

describe('README field reference', () => {
	const known = namesOf(ScenarioSchema);

	it('reads a non-trivial reference', () => {
		expect(referenceNames().length).toBeGreaterThan(40);
		expect(known.has('shardsPerClient')).toBe(true);
	});

	it('names only fields, kinds and values the schema knows', () => {
		const unknown = referenceNames().filter((r) => !known.has(r.name));
		expect(unknown.map((u) => `${u.name}  (in: ${u.line.slice(0, 80)})`)).toEqual([]);
	});
});
