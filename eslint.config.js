import js from '@eslint/js';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';
import svelteConfig from './svelte.config.js';

/**
 * Layering (see ARCHITECTURE.md and ../shared/STYLE.md): sim/core <- sim <- ml <- hosts <- state
 * <- components <- routes, with viz (pure view maths) beside state. Each rule lists what a folder
 * must not import; dependency-cruiser (`.dependency-cruiser.cjs`, type imports included) keeps the
 * whole tree free of import cycles.
 */
const layer = (files, patterns) => ({
	files,
	rules: { 'no-restricted-imports': ['error', { patterns }] }
});
const above = (names, message) => ({
	group: names.flatMap((n) => [`**/${n}/*`, `**/${n}/**`, `$lib/${n}/*`, `$lib/${n}/**`]),
	message
});
const uiLibs = ['svelte', 'svelte/*', 'chart.js', 'chart.js/*', 'd3', 'd3-*'];

export default ts.config(
	js.configs.recommended,
	...ts.configs.recommended,
	...svelte.configs.recommended,
	{
		languageOptions: { globals: { ...globals.browser, ...globals.node } },
		rules: {
			'no-undef': 'off',
			'@typescript-eslint/no-unused-vars': [
				'error',
				{ argsIgnorePattern: '^_', varsIgnorePattern: '^_' }
			]
		}
	},
	{
		files: ['**/*.svelte', '**/*.svelte.ts', '**/*.svelte.js'],
		languageOptions: {
			parserOptions: {
				projectService: true,
				extraFileExtensions: ['.svelte'],
				parser: ts.parser,
				svelteConfig
			}
		}
	},
	layer(
		['src/lib/sim/core/**/*.ts'],
		[
			{ group: ['@tensorflow/*', ...uiLibs], message: 'sim/core is plain TypeScript.' },
			{
				group: ['../*', '../**', '$lib/*', '$lib/**'],
				message: 'sim/core is the bottom layer: it imports nothing else from the project.'
			}
		]
	),
	layer(
		['src/lib/sim/**/*.ts'],
		[
			{
				group: ['@tensorflow/*', ...uiLibs],
				message: 'src/lib/sim is plain TypeScript: no tfjs, Svelte, chart.js or d3.'
			},
			above(
				['ml', 'hosts', 'state', 'viz', 'components', 'routes'],
				'sim must not import from the layers above it.'
			)
		]
	),
	layer(
		['src/lib/ml/**/*.ts'],
		[
			{ group: uiLibs, message: 'src/lib/ml is the tfjs layer: no UI libraries.' },
			above(
				['hosts', 'state', 'viz', 'components', 'routes'],
				'ml must not import from the layers above it.'
			)
		]
	),
	layer(
		['src/lib/hosts/**/*.ts'],
		[
			{ group: uiLibs, message: 'hosts run the engine outside the page: no UI libraries.' },
			above(
				['state', 'viz', 'components', 'routes'],
				'hosts must not import from the layers above them.'
			)
		]
	),
	layer(
		['src/lib/viz/**/*.ts'],
		[
			{
				group: ['@tensorflow/*', 'svelte', 'svelte/*', 'chart.js', 'chart.js/*'],
				message: 'viz is pure geometry and data shaping: no tfjs, Svelte or chart.js.'
			},
			above(['ml', 'hosts', 'state', 'components', 'routes'], 'viz reads sim types only.')
		]
	),
	layer(
		['src/lib/export/**/*.ts'],
		[
			{
				group: ['@tensorflow/*', ...uiLibs],
				message: 'export is plain TypeScript: no tfjs or UI.'
			},
			above(
				['ml', 'hosts', 'state', 'viz', 'components', 'routes'],
				'export reads the engine (sim) only: the CLI and state/ hand it the data.'
			)
		]
	),
	layer(
		['src/lib/state/**/*.ts'],
		[above(['components', 'routes'], 'state must not import components or routes.')]
	),
	layer(
		['src/lib/components/**/*.ts', 'src/lib/components/**/*.svelte'],
		[
			{ group: ['@tensorflow/*'], message: 'components never touch tfjs: go through state/.' },
			above(['hosts', 'routes'], 'components reach workers and hosts through state/.')
		]
	),
	layer(
		['src/cli/**/*.ts'],
		[above(['state', 'components', 'routes'], 'the CLI runs the engine without the UI.')]
	),
	{
		ignores: [
			'build/',
			'.svelte-kit/',
			'node_modules/',
			'static/',
			'test-results/',
			'playwright-report/',
			'flower/.venv/'
		]
	}
);
