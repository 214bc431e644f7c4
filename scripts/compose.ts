/**
 * Composes the supergraph from rover.yaml with @apollo/composition (the library rover uses) and
 * writes `schema/supergraph.graphql`.
 *
 *   npm run compose              write the supergraph
 *   npm run compose -- --check   exit 1 on composition errors or when the committed file is stale
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { composeSupergraph, readSupergraphConfig, SUPERGRAPH_FILE } from './supergraph.ts';

const check = process.argv.includes('--check');
const config = readSupergraphConfig();
const result = composeSupergraph(config);

if (!result.ok) {
  console.error(`Composition failed with ${result.errors.length} error(s):`);
  for (const error of result.errors) console.error(`  - ${error}`);
  process.exit(1);
}
for (const hint of result.hints) console.warn(`hint: ${hint}`);

if (check) {
  let committed = '';
  try {
    committed = readFileSync(SUPERGRAPH_FILE, 'utf8');
  } catch {
    // A missing file is reported as stale below.
  }
  if (committed !== result.supergraphSdl) {
    console.error(
      `${SUPERGRAPH_FILE} is out of date with the subgraph schemas in rover.yaml; run \`npm run compose\` and commit it.`,
    );
    process.exit(1);
  }
  console.log(`Composition OK: ${config.subgraphs.length} subgraphs; ${SUPERGRAPH_FILE} is up to date.`);
} else {
  writeFileSync(SUPERGRAPH_FILE, result.supergraphSdl);
  console.log(`Wrote ${SUPERGRAPH_FILE} from ${config.subgraphs.length} subgraphs.`);
}
