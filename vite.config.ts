import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';

export default defineConfig({
	plugins: [sveltekit()],
	worker: { format: 'es' },
	optimizeDeps: {
		include: ['@tensorflow/tfjs', '@tensorflow/tfjs-backend-wasm', 'd3', 'chart.js', 'valibot']
	},
	test: {
		include: ['src/**/*.test.ts'],
		environment: 'node',
		testTimeout: 120_000,
		hookTimeout: 120_000,
		// tfjs keeps global state (backend, registry): one file at a time, in one worker
		fileParallelism: false,
		pool: 'forks'
	}
});
