import { defineConfig } from 'vitest/config';

/**
 * Two projects: unit tests live beside the code they test (`*.test.ts`); end-to-end tests that start
 * the whole system on port 0 live in `test/` (`*.e2e.ts`).
 */
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['{lib,mocks,subgraphs,gateway,scripts}/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/**/*.e2e.ts'],
          environment: 'node',
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
