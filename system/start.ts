/**
 * `npm start`: the development system (`NODE_ENV=development`, set by the npm script) — runs the whole system — mock department systems, subgraphs and the gateway — on the
 * configured ports, prints where each listens, and stops cleanly on Ctrl-C.
 *
 *   npm start                       everything; gateway on PORT (default 4000)
 *   npm start -- health             one department alone: its API and subgraph, no gateway
 *
 * Environment: PORT, HOST (default 127.0.0.1), SEED_DIR, DATA_DIR (default .data), LOG_LEVEL (default warn),
 * DEPARTMENT_TIMEOUT_MS (default 5000: how long a subgraph waits for its department system), the OTEL_*
 * tracing variables (docs/operations.md, "Tracing").
 */

import { configureTracing } from '../lib/tracing.ts';
import { readMockStorageConfig } from '../mocks/kit/config.ts';
import { stopOnSignals } from './signals.ts';
import { startSystem } from './startSystem.ts';

// Read first: a bad OTEL_* variable stops the start, naming itself.
try {
  configureTracing();
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}
const only = process.argv.slice(2).filter((arg) => !arg.startsWith('-'));
const storage = readMockStorageConfig();
const port = Number(process.env.PORT ?? 4000);
const departmentTimeoutMs = Number(process.env.DEPARTMENT_TIMEOUT_MS ?? 5000);
if (!Number.isInteger(departmentTimeoutMs) || departmentTimeoutMs < 10) {
  console.error(
    `DEPARTMENT_TIMEOUT_MS must be a whole number of milliseconds ≥ 10, got ${process.env.DEPARTMENT_TIMEOUT_MS}`,
  );
  process.exit(1);
}
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`PORT must be a port number, got ${JSON.stringify(process.env.PORT)}`);
  process.exit(1);
}

const system = await startSystem({
  ports: 'configured',
  gatewayPort: port,
  host: process.env.HOST ?? '127.0.0.1',
  seedDir: storage.seedDir,
  dataDir: storage.dataDir,
  only: only.length ? only : undefined,
  withoutGateway: only.length > 0,
  logger: { level: process.env.LOG_LEVEL ?? 'warn' },
  watchSupergraph: true,
  departmentTimeoutMs,
});

// Names line up however long the longest department's is.
const NAME_WIDTH = Math.max(0, ...[...system.subgraphs.keys()].map((name) => name.length)) + 1;
for (const { name, url } of system.departmentSystems.values())
  console.log(`department system  ${name.padEnd(NAME_WIDTH)} ${url}`);
for (const { name, url } of system.subgraphs.values())
  console.log(`subgraph           ${name.padEnd(NAME_WIDTH)} ${url}`);
if (system.gatewayUrl) console.log(`gateway            ${''.padEnd(NAME_WIDTH)} ${system.gatewayUrl}`);
console.log(`running state in ${storage.dataDir} (delete it to restore the seed); Ctrl-C stops`);
console.log(
  'this is the development system: development keys, the explorer and its test tokens, one process; a deployment runs npm run start:production -- --env-file <file> (docs/security.md)',
);

stopOnSignals(
  () => system.stop(),
  (signal) => console.log(`\n${signal}: stopping…`),
);
