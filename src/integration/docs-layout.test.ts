/**
 * The README's "Layout" section and ARCHITECTURE.md must match the tree: every folder of
 * `src/lib`, of `src/lib/sim` and of `src/lib/hosts`, and every CLI command an npm script runs, is
 * named in both. A folder added without a line in the docs fails here.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const root = new URL('../../', import.meta.url);
const read = (path: string) => readFileSync(new URL(path, root), 'utf8');
const folders = (path: string) =>
	readdirSync(new URL(path, root), { withFileTypes: true })
		.filter((d) => d.isDirectory())
		.map((d) => d.name);

/** The README between "## Layout" and the next second-level heading. */
function readmeLayout(): string {
	const text = read('README.md');
	const start = text.indexOf('\n## Layout');
	expect(start, 'README has a "## Layout" section').toBeGreaterThan(-1);
	const end = text.indexOf('\n## ', start + 1);
	return text.slice(start, end === -1 ? undefined : end);
}

const architecture = read('ARCHITECTURE.md');
const layout = readmeLayout();

describe('README layout and ARCHITECTURE.md match the tree', () => {
	it.each(folders('src/lib'))('src/lib/%s is described in both', (name) => {
		expect(layout).toContain(`src/lib/${name}`);
		expect(architecture).toContain(`src/lib/${name}`);
	});

	it.each(folders('src/lib/sim'))('sim/%s/ is described in both', (name) => {
		expect(layout).toContain(`${name}/`);
		expect(architecture).toContain(`${name}/`);
	});

	it.each(folders('src/lib/hosts'))('hosts/%s/ is described in both', (name) => {
		expect(layout).toContain(`${name}/`);
		expect(architecture).toContain(`${name}/`);
	});

	const scripts = JSON.parse(read('package.json')).scripts as Record<string, string>;
	/** [npm script, src/cli file] of every script that runs a CLI command. */
	const commands = Object.entries(scripts)
		.map(([key, s]) => [key, /src\/cli\/([\w-]+)\.ts/.exec(s)?.[1]] as const)
		.filter((c): c is readonly [string, string] => c[1] !== undefined);

	it('finds the CLI commands', () => expect(commands).toContainEqual(['sim', 'sim']));

	it.each(commands)('the CLI command %s (src/cli/%s.ts) is named in both', (key, file) => {
		const named = (text: string) =>
			[key, file, `npm run ${key}`].some((n) => text.includes(`\`${n}\``));
		expect(named(layout), 'README layout').toBe(true);
		expect(named(architecture), 'ARCHITECTURE.md').toBe(true);
	});
});
