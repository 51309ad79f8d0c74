// One vitest run for every package's unit tests and the cross-package suites; browser e2e has its own config.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'packages/*/src/**/*.test.ts',
      'packages/*/test/**/*.test.ts',
      'apps/*/src/**/*.test.{ts,tsx}',
      'apps/*/test/**/*.test.{ts,tsx}',
      'test/integration/**/*.test.ts',
      'test/reliability/**/*.test.ts',
      'test/security/**/*.test.ts',
      'test/scale/**/*.test.ts',
    ],
    exclude: ['**/node_modules/**', '**/dist/**', 'test/e2e/**'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
