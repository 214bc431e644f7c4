/**
 * `npm run serve -- <service>`: runs one service of the deployment as its own process, configured by
 * its environment alone — the gateway, a department subgraph, the service-center, or a department
 * system (`<department>-system`). A deployment runs each on its own host this way;
 * `npm run start:production` runs them all on one machine.
 *
 * Production unless `NODE_ENV=development` (or `test`): then the service refuses to start without its
 * keys (`lib/auth/config.ts`), naming each variable missing. Variables with the service's name as a
 * suffix (`PORT__GATEWAY`) are that service's alone (`serviceEnvironment.ts`).
 *
 * | variable | meaning | default |
 * | --- | --- | --- |
 * | `PORT` | where it listens | rover.yaml's port (a department system: + 100; the gateway: 4000) |
 * | `HOST` | the interface | 127.0.0.1 |
 * | `SUBGRAPH_URL_<NAME>` | where a subgraph runs (the gateway, the service-center) | rover.yaml |
 * | `DEPARTMENT_SYSTEM_URL_<NAME>` | where a department system runs (its subgraph, event publishers) | rover.yaml's port + 100 |
 * | `DATA_DIR`, `SEED_DIR` | running state; the seed a department system starts from | `.data`; `mocks/` |
 * | `LOG_LEVEL` | pino level | `info` |
 * | `OTEL_*` | tracing: `OTEL_EXPORTER_OTLP_ENDPOINT` sends spans to a collector (`docs/operations.md`, *Tracing*) | spans not exported |
 *
 * Prints `<service> listening at <url>` once it listens; stops cleanly on SIGINT or SIGTERM.
 */
import { fileURLToPath } from 'node:url';
import { configureTracing } from '../lib/tracing.ts';
import { environmentOf } from './serviceEnvironment.ts';
import { buildServiceServer } from './services.ts';
import { stopOnSignals } from './signals.ts';

/** Runs `service` until SIGINT or SIGTERM. */
export async function serve(service: string, env: NodeJS.ProcessEnv): Promise<void> {
  const own = environmentOf(service, env);
  // The OpenTelemetry SDK reads its variables from the process itself: the service's own (e.g.
  // `OTEL_SERVICE_NAME__GATEWAY`) take their place there. Read now, so a bad one stops the start.
  for (const [name, value] of Object.entries(own)) if (name.startsWith('OTEL_')) process.env[name] = value;
  configureTracing();
  const server = await buildServiceServer(service, own);
  const url = await server.listen();
  console.log(`${service} listening at ${url}`);
  stopOnSignals(() => server.close());
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [service] = process.argv.slice(2);
  if (!service) {
    console.error(
      'usage: npm run serve -- <service>   (gateway, a subgraph of rover.yaml, or <department>-system)',
    );
    process.exit(2);
  }
  try {
    await serve(service, process.env);
  } catch (error) {
    console.error(`${service} did not start: ${(error as Error).message}`);
    process.exit(1);
  }
}
