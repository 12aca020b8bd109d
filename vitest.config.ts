import { defineConfig } from 'vitest/config';

// Unit, golden, conformance and fuzz tests of the pure TypeScript simulator and site helpers.
// Tests that need the built site live in tests/site and use vitest.site.config.ts.
export default defineConfig({
	test: {
		include: ['tests/unit/**/*.test.ts', 'tests/conformance/**/*.test.ts', 'tests/golden/**/*.test.ts'],
		environment: 'node',
	},
});
