/**
 * `npm run contract -- <department> <base-url>`: checks a running department system against its
 * contract (`schema/<department>/contract.ts`) — every endpoint, its documented refusals, the batch
 * limits and idempotent replays — and names the endpoint and the difference for each failure. Point
 * it at the mock (`npm start` serves health's on http://localhost:4102) or at the department's real
 * system in a test environment loaded with the published seed: the test writes, and a second run
 * replays its writes.
 *
 *   npm run contract -- health http://localhost:4102
 *   npm run contract -- health https://health.test.example --token "$TOKEN"   (or CONTRACT_TOKEN=…)
 *
 * Who asks: with a token, whoever it names, for every request — examples that ask as someone else (a
 * citizen refused a department's act) are then skipped. Without one, where the development keys are
 * the configured keys (as for `npm start`), the test signs its own: a clerk of the department holding
 * its read and write scopes, and whoever an example names. Otherwise it asks with no credentials.
 *
 * Exit 0 when every check passes, 1 when one fails or the system cannot be tested, 2 on a wrong
 * command line.
 */
import { parseArgs } from 'node:util';
import { loadAuthentication } from '../lib/auth/config.ts';
import { parseIdentity } from '../lib/auth/identity.ts';
import { departmentSystemOf } from '../lib/auth/services.ts';
import { deploymentServices, readSupergraphConfig } from '../system/topology.ts';
import {
  type Authorize,
  ContractTestRefused,
  runContractTest,
  withToken,
} from './contract/runContractTest.ts';
import { readDepartmentContract } from './schema/contracts.ts';

const USAGE = 'usage: npm run contract -- <department> <base-url> [--token <bearer token>]';

function usageError(message: string): never {
  console.error(`${message}\n${USAGE}`);
  process.exit(2);
}

let args: ReturnType<typeof parse>;
function parse() {
  return parseArgs({ allowPositionals: true, options: { token: { type: 'string' } } });
}
try {
  args = parse();
} catch (error) {
  usageError((error as Error).message);
}

const [department, baseUrl, ...extra] = args.positionals;
const departments = readSupergraphConfig().subgraphs.map((subgraph) => subgraph.name);
if (!department || !baseUrl || extra.length > 0)
  usageError('name one department and the base URL of its system');
if (!URL.canParse(baseUrl) || !/^https?:/.test(baseUrl)) usageError(`not an http(s) URL: ${baseUrl}`);
const contract = departments.includes(department) ? await readDepartmentContract(department) : undefined;
if (!contract) {
  usageError(
    `no department system contract named "${department}": schema/<department>/contract.ts exists for ${departments.join(', ')}`,
  );
}

/** The credentials of each request: the token given, else development tokens, else none. */
async function authorizeFor(department: string, token: string | undefined): Promise<Authorize> {
  if (token) return withToken(token);
  // Production settings refuse the development keys: then there is nothing to sign with.
  const authentication = await loadAuthentication(deploymentServices()).catch(() => undefined);
  if (!authentication?.development) return withToken(undefined);
  // Signed as the department's own subgraph signs its delegations, with the development keys.
  const subgraph = authentication.trustFor(department).signer;
  const clerk = parseIdentity(`staff:${department}:${department}:read,${department}:write`);
  return async (caller) => ({
    authorization: `Bearer ${await subgraph.delegate(departmentSystemOf(department), caller ?? clerk)}`,
  });
}

try {
  const checks = await runContractTest(contract, baseUrl, {
    authorize: await authorizeFor(department, args.values.token ?? process.env.CONTRACT_TOKEN),
  });
  for (const { endpoint, name, problem, skipped } of checks) {
    if (skipped) console.log(`- ${endpoint}: ${name}: not checked, ${skipped}`);
    else console.log(problem ? `✗ ${endpoint}: ${name}: ${problem}` : `✓ ${endpoint}: ${name}`);
  }
  const failed = checks.filter((check) => check.problem).length;
  const skipped = checks.filter((check) => check.skipped).length;
  console.log(`\n${checks.length - failed - skipped} passed, ${failed} failed, ${skipped} skipped`);
  process.exit(failed === 0 ? 0 : 1);
} catch (error) {
  if (!(error instanceof ContractTestRefused)) throw error;
  console.error(`✗ ${error.message}`);
  process.exit(1);
}
