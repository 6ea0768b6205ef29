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

/** kind literal → the entry keys of the object(s) it tags. */
function fieldsByKind(
	node: unknown,
	out = new Map<string, Set<string>>(),
	seen = new Set<unknown>()
) {
	if (!node || typeof node !== 'object' || seen.has(node)) return out;
	seen.add(node);
	const n = node as Record<string, unknown>;
	const entries = n.entries as Record<string, { literal?: unknown }> | undefined;
	if (entries) {
		const kind = entries.kind?.literal;
		if (typeof kind === 'string') {
			const set = out.get(kind) ?? new Set<string>();
			for (const k of Object.keys(entries)) set.add(k);
			out.set(kind, set);
		}
		for (const child of Object.values(entries)) fieldsByKind(child, out, seen);
	}
	for (const key of ['wrapped', 'item'] as const) fieldsByKind(n[key], out, seen);
	for (const key of ['options', 'items', 'pipe'] as const)
		if (Array.isArray(n[key])) for (const o of n[key] as unknown[]) fieldsByKind(o, out, seen);
	return out;
}

function referenceSection(): string {
	const readme = readFileSync('README.md', 'utf8');
	const start = readme.indexOf('## Run a scenario headless');
	return readme.slice(start, readme.indexOf('An invalid file', start));
}

function referenceNames(): { line: string; name: string }[] {
	const section = referenceSection();
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

	it('lists under each kind only the fields that kind has: `faulty` (`value`), not (`mode`)', () => {
		const byKind = fieldsByKind(ScenarioSchema);
		const text = referenceSection().replace(/\s+/g, ' ');
		const wrong: string[] = [];
		for (const m of text.matchAll(/`(\w+)` \(([^()]*)\)/g)) {
			const fields = byKind.get(m[1] as string);
			if (!fields) continue;
			for (const piece of (m[2] as string).split(/[,;]/)) {
				const first = /`([a-zA-Z]\w*)`/.exec(piece)?.[1];
				if (first && !fields.has(first)) wrong.push(`${m[1]} (${first})`);
			}
		}
		expect(byKind.get('faulty')?.has('value')).toBe(true);
		expect(wrong).toEqual([]);
	});
});
