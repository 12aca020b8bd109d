import { defineConfig } from 'vitest/config';

// Tests that read the built site (dist/): links and anchors, JavaScript budgets, language parity.
// Run after `npm run build`.
export default defineConfig({
	test: {
		include: ['tests/site/**/*.test.ts'],
		environment: 'node',
	},
});
