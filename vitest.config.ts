import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

/**
 * Two projects: unit tests live beside the code they test (`*.test.ts`); end-to-end tests that start
 * the whole system on port 0 live in `test/` (`*.e2e.ts`).
 */
export default defineConfig({
  // Load graphql as Node does (its CommonJS `main`, not the bundlers' `module` entry Vite prefers), so
  // tests run the same single copy that @apollo/gateway and @apollo/subgraph use in production: two
  // copies would break `instanceof GraphQLError` and schema checks.
  resolve: { alias: [{ find: /^graphql$/, replacement: require.resolve('graphql') }] },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['{lib,mocks,subgraphs,gateway,system,scripts}/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        extends: true,
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
