/**
 * `npm run check -- <subgraph>`: what a department team runs before merging a schema change. Composes
 * the working copy of `schema/<subgraph>/<subgraph>.graphql` with the other subgraphs of rover.yaml, compares the
 * API schema with the committed supergraph's, checks the client operations of `schema/operations/`
 * and the operations the service-center sends the department (against the working copy as a subgraph
 * schema, naming the errand and step each would break), then runs the department's own unit tests
 * (`subgraphs/<subgraph>`, `mocks/<subgraph>`).
 *
 *   npm run check -- health                   compose, compare, test
 *   npm run check -- health --no-tests        without the tests
 *   npm run check -- health --base main       compare with the supergraph committed at another git ref
 *
 * Exit 0 when nothing breaks a client or an errand, 1 on a composition error, a breaking change, an
 * operation (a client's or the service-center's) that no longer validates or a failing test, 2 on a
 * wrong command line.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ROOT, readSupergraphConfig, SUPERGRAPH_FILE } from '../system/topology.ts';
import { readSubgraphSchemas } from './schema/composition.ts';
import { readClientOperations } from './schema/operations.ts';
import { readServiceCenterOperations, sendersByOperation } from './schema/serviceCenterOperations.ts';
import { checkSubgraph, formatSubgraphCheckReport } from './schema/subgraphCheck.ts';

const USAGE = 'usage: npm run check -- <subgraph> [--no-tests] [--base <git ref>]';

function usageError(message: string): never {
  console.error(`${message}\n${USAGE}`);
  process.exit(2);
}

let args: ReturnType<typeof parseCommandLine>;
try {
  args = parseCommandLine();
} catch (error) {
  usageError((error as Error).message);
}

function parseCommandLine() {
  return parseArgs({
    allowPositionals: true,
    options: { 'no-tests': { type: 'boolean', default: false }, base: { type: 'string', default: 'HEAD' } },
  });
}

const config = readSupergraphConfig();
const names = config.subgraphs.map((subgraph) => subgraph.name);
const [subgraph, ...extra] = args.positionals;
if (!subgraph) usageError(`name the subgraph to check: one of ${names.join(', ')}`);
if (extra.length > 0) usageError(`check one subgraph at a time, not ${args.positionals.join(' ')}`);
if (!names.includes(subgraph)) {
  usageError(`unknown subgraph "${subgraph}": rover.yaml lists ${names.join(', ')}`);
}

const report = await checkSubgraph({
  subgraph,
  subgraphs: readSubgraphSchemas(config),
  baseSupergraphSdl: baseSupergraph(args.values.base),
  operations: readClientOperations(),
  serviceCenterOperations: readServiceCenterOperations(),
  senders: sendersByOperation(),
  baseSubgraphSdls: committedSubgraphSdls(args.values.base, subgraph),
});
console.log(formatSubgraphCheckReport(report));

let testsPassed = true;
if (report.passed && !args.values['no-tests']) {
  testsPassed = runDepartmentTests(subgraph, report.composed && report.serviceCenterOperationsChecked > 0);
}
process.exit(report.passed && testsPassed ? 0 : 1);

/**
 * The supergraph clients are served: `schema/supergraph.graphql` as committed at `ref`, so a working
 * copy already recomposed with `npm run compose` is still compared with what was there before. Outside
 * a git checkout, the file as it is.
 */
function baseSupergraph(ref: string): string {
  // A ref is never an option of git's.
  if (ref.startsWith('-')) usageError(`--base takes a git ref, not "${ref}"`);
  const file = path.relative(ROOT, SUPERGRAPH_FILE).split(path.sep).join('/');
  try {
    return execFileSync('git', ['show', `${ref}:${file}`], {
      cwd: ROOT,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      maxBuffer: 64 * 1024 * 1024,
    });
  } catch (error) {
    if (ref !== 'HEAD') usageError(`cannot read ${file} at git ref "${ref}": ${(error as Error).message}`);
    console.warn(`(no ${file} committed at HEAD: comparing with the file in the working copy)`);
    return readFileSync(SUPERGRAPH_FILE, 'utf8');
  }
}

/**
 * The SDL of the departments whose operations from the service-center `subgraph`'s change may break
 * (the department itself; every one for the service-center), as committed at `ref`. A file not
 * committed there is left out: its operations are then only validated.
 */
function committedSubgraphSdls(ref: string, subgraph: string): Map<string, string> {
  const sdls = new Map<string, string>();
  for (const entry of config.subgraphs) {
    if (entry.name === 'service-center' || (subgraph !== 'service-center' && entry.name !== subgraph))
      continue;
    const file = path.relative(ROOT, entry.schemaFile).split(path.sep).join('/');
    try {
      const show = ['show', `${ref}:${file}`];
      sdls.set(entry.name, execFileSync('git', show, { cwd: ROOT, encoding: 'utf8', stdio: 'pipe' }));
    } catch {
      // Not committed at the ref: nothing to compare with.
    }
  }
  return sdls;
}

/**
 * Runs the unit tests of the department's subgraph and mock API — and the service-center's, when it
 * sends the department operations: its fakes validate every operation and its variables against the
 * working copy (a renamed field of an input type passes the operation's validation, not theirs).
 * True when they pass.
 */
function runDepartmentTests(name: string, withServiceCenter: boolean): boolean {
  const folders = [
    `subgraphs/${name}`,
    `mocks/${name}`,
    ...(withServiceCenter ? ['subgraphs/service-center'] : []),
  ].filter((folder, index, all) => existsSync(path.join(ROOT, folder)) && all.indexOf(folder) === index);
  console.log(`\nRunning the unit tests of ${folders.join(', ')} (skip with --no-tests):`);
  const run = spawnSync('npx', ['vitest', 'run', '--project', 'unit', '--passWithNoTests', ...folders], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  return run.status === 0;
}
