// Scale-out tests alone (they are also in the root run); they need real Redis and PostgreSQL on 127.0.0.1.
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
