// Scale-out tests need real Redis and PostgreSQL; run them with: npx vitest run --config test/scale/vitest.config.ts
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  root: fileURLToPath(new URL('../..', import.meta.url)),
  test: {
    include: [
      'test/scale/**/*.test.ts',
      'apps/runtime/src/scale/**/*.test.ts',
      'apps/runtime/src/store-postgres/**/*.test.ts',
    ],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
