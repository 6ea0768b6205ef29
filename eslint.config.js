import js from '@eslint/js';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';
import svelteConfig from './svelte.config.js';

/** Layering (see ../shared/STYLE.md): sim <- ml <- state <- components <- routes. */
const layer = (files, patterns) => ({
	files,
	rules: { 'no-restricted-imports': ['error', { patterns }] }
});

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
		['src/lib/sim/**/*.ts'],
		[
			{
				group: ['@tensorflow/*', 'svelte', 'svelte/*', 'chart.js', 'chart.js/*', 'd3', 'd3-*'],
				message: 'src/lib/sim is plain TypeScript: no tfjs, Svelte, chart.js or d3.'
			},
			{
				group: [
					'**/ml/*',
					'**/state/*',
					'**/components/*',
					'$lib/ml/*',
					'$lib/state/*',
					'$lib/components/*'
				],
				message: 'sim must not import from the layers above it.'
			}
		]
	),
	layer(
		['src/lib/ml/**/*.ts'],
		[
			{
				group: ['svelte', 'svelte/*', 'chart.js', 'd3'],
				message: 'src/lib/ml is the tfjs layer: no UI libraries.'
			},
			{
				group: ['**/state/*', '**/components/*', '$lib/state/*', '$lib/components/*'],
				message: 'ml must not import from the layers above it.'
			}
		]
	),
	layer(
		['src/lib/state/**/*.ts'],
		[
			{
				group: ['**/components/*', '$lib/components/*'],
				message: 'state must not import components.'
			}
		]
	),
	{
		ignores: [
			'build/',
			'.svelte-kit/',
			'node_modules/',
			'static/',
			'test-results/',
			'playwright-report/'
		]
	}
);
