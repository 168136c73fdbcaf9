import { defineConfig } from 'vitest/config';

// `unit` needs nothing running; `integration` starts real brokers and servers; `packaging` reads
// the electron-builder configuration and what `npm run build` made.
export default defineConfig({
	test: {
		projects: [
			{
				test: {
					name: 'unit',
					include: ['test/shared/**/*.test.ts', 'test/renderer/**/*.test.ts'],
					environment: 'node',
					testTimeout: 60_000,
				},
			},
			{
				test: {
					name: 'integration',
					include: [
						'test/main/**/*.test.ts',
						'test/contract/**/*.test.ts',
						'test/scripts/**/*.test.ts',
					],
					environment: 'node',
					testTimeout: 60_000,
					hookTimeout: 60_000,
					// Brokers and child processes compete for two cores: keep files sequential.
					fileParallelism: false,
				},
			},
			{
				test: {
					name: 'packaging',
					include: ['test/packaging/**/*.test.ts'],
					environment: 'node',
					testTimeout: 60_000,
					// Loading electron-builder and its schema takes seconds on a busy machine.
					hookTimeout: 60_000,
				},
			},
		],
	},
});
