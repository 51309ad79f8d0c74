// Heavy reliability scenarios (load, memory): run by `pnpm run reliability:heavy`, kept out of the unit run.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/reliability/**/*.heavy.ts'],
    testTimeout: 240_000,
    hookTimeout: 60_000,
    fileParallelism: false,
  },
});
