/**
 * Import cycles, counting type-only imports too (`tsPreCompilationDeps`): a type import that
 * closes a loop still means no file of the loop can be read alone. Layer boundaries are in
 * eslint.config.js; this file only forbids cycles. Run by `npm run lint:deps`.
 */
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
	forbidden: [
		{
			name: 'no-circular',
			severity: 'error',
			comment: 'An import cycle (type imports count): move the shared types down a layer.',
			from: {},
			to: { circular: true }
		}
	],
	options: {
		doNotFollow: { path: 'node_modules' },
		exclude: { path: '(^|/)(node_modules|\\.svelte-kit|build)/' },
		tsPreCompilationDeps: true,
		tsConfig: { fileName: 'tsconfig.json' },
		enhancedResolveOptions: { extensions: ['.ts', '.js', '.svelte'] }
	}
};
