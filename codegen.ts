/**
 * The GraphQL Code Generator configuration of the client operations: `schema/operations/*.graphql`
 * against the API schema clients see (`schema/api.graphql`), with the client preset, into
 * `schema/operations/generated/` — typed documents (`graphql.ts`, `gql.ts`, `index.ts`) and the
 * persisted documents (`persisted-documents.json`, SHA-256 hash → printed document).
 *
 * `npm run codegen` runs it (and writes the Apollo persisted-query manifest beside it, which the
 * client preset does not make); `npm run compose -- --check` fails when what is committed differs.
 * `npx graphql-codegen` and editors' GraphQL extensions read it too (`.graphqlrc.yml` points here).
 */
import type { CodegenConfig } from '@graphql-codegen/cli';

/**
 * The shared scalars travel as strings (citizen IDs, ISO dates and instants); any other scalar is
 * `unknown` until it is named here, so nothing is typed `any`. Kept in step with the kit's
 * `SHARED_SCALARS` by a test (`scripts/schema/codegen.test.ts`).
 */
export const CLIENT_SCALARS = { CitizenId: 'string', Date: 'string', DateTime: 'string' } as const;

const config: CodegenConfig = {
  schema: 'schema/api.graphql',
  documents: 'schema/operations/*.graphql',
  generates: {
    'schema/operations/generated/': {
      preset: 'client',
      presetConfig: {
        fragmentMasking: false,
        // Each document carries its hash (`document.__meta__.hash`); `persisted-documents.json` maps
        // hash → document. SHA-256, as Apollo's persisted-query protocol and the gateway expect.
        persistedDocuments: { hashAlgorithm: 'sha256' },
      },
      config: {
        scalars: CLIENT_SCALARS,
        defaultScalarType: 'unknown',
        // String unions rather than TypeScript enums: plain data, nothing emitted at run time.
        enumsAsTypes: true,
        useTypeImports: true,
        // No type per schema object: each operation's result type carries the shape it selects.
        // Enums and input types are still emitted whole, so a new enum anywhere regenerates them.
        onlyOperationTypes: true,
        // Extensionless relative imports, as a Vite, Next.js or webpack app resolves them (a `.ts`
        // or `.js` extension would need an app's bundler to be configured for it).
        importExtension: '',
      },
    },
  },
};

export default config;
