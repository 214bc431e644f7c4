/**
 * `npm run start:production -- --env-file <file>`: a one-machine deployment — every service of the
 * deployment in its own OS process (`npm run serve -- <service>`), in production mode, configured by a
 * deployment's env file (`npm run keys -- --out <dir>` writes one). It starts them in dependency order,
 * tells each where the services it calls listen, prints where each listens, and stops them all on
 * Ctrl-C. `--ports ephemeral` puts every service on a free port (the tests).
 *
 * The order: the department systems (event publishers last, so every receiver is up), the department
 * subgraphs, the service-center, the gateway. A service that does not start stops the whole launch,
 * with what it printed.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseEnv } from 'node:util';
import { departmentOfSystem, GATEWAY, SERVICE_CENTER } from '../lib/auth/services.ts';
import { subgraphUrlVariable } from '../lib/subgraphUrls.ts';
import { departmentSystemUrlVariable } from '../mocks/public-security/receiverUrls.ts';
import { serviceSuffix } from './serviceEnvironment.ts';
import { deploymentServices, ROOT } from './topology.ts';

/** The department systems that publish events: started after the systems they deliver to. */
const EVENT_PUBLISHERS = new Set(['public-security-system']);

/** Options of {@link startProduction}. */
export interface ProductionOptions {
  /** The deployment's variables (an env file's, parsed). */
  env: NodeJS.ProcessEnv;
  /** `ephemeral`: every service on a free port, whatever the env file says. */
  ports?: 'configured' | 'ephemeral';
  /** How long one service may take to start, ms; default 60 000. */
  startTimeoutMs?: number;
  /** Where the services' own output goes; default discarded once started. */
  onOutput?: (service: string, line: string) => void;
}

/** A running service. */
export interface RunningService {
  service: string;
  url: string;
  process: ChildProcess;
}

/** The running deployment. */
export interface ProductionSystem {
  services: Map<string, RunningService>;
  /** The gateway's GraphQL endpoint. */
  gatewayUrl: string;
  /** Stops every service, the gateway first. */
  stop(): Promise<void>;
}

/** The phases of a launch: services of a phase start together, after the phase before. */
export function launchPhases(services: readonly string[]): string[][] {
  const systems = services.filter((service) => departmentOfSystem(service) !== undefined);
  return [
    systems.filter((service) => !EVENT_PUBLISHERS.has(service)),
    systems.filter((service) => EVENT_PUBLISHERS.has(service)),
    services.filter(
      (service) => !departmentOfSystem(service) && service !== GATEWAY && service !== SERVICE_CENTER,
    ),
    services.filter((service) => service === SERVICE_CENTER),
    services.filter((service) => service === GATEWAY),
  ].filter((phase) => phase.length > 0);
}

function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** Starts `service` as its own process and answers once it listens. */
function startService(
  service: string,
  env: NodeJS.ProcessEnv,
  timeoutMs: number,
  onOutput: ProductionOptions['onOutput'],
): Promise<RunningService> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', fileURLToPath(new URL('serve.ts', import.meta.url)), service],
    {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  const ready = `${service} listening at `;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${service} did not start within ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    const read = (chunk: Buffer) => {
      const text = chunk.toString();
      for (const line of text.split('\n')) if (line) onOutput?.(service, line);
      if (output.length < 64 * 1024) output += text;
      const at = output.indexOf(ready);
      if (at >= 0) {
        const url = output.slice(at + ready.length).split(/\s/)[0] as string;
        clearTimeout(timer);
        resolve({ service, url, process: child });
      }
    };
    child.stdout?.on('data', read);
    child.stderr?.on('data', read);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(
        new Error(`${service} stopped (${signal ?? `exit code ${code}`}) before it listened:\n${output}`),
      );
    });
  });
}

/** Starts every service of the deployment, each as its own process, in production mode. */
export async function startProduction(options: ProductionOptions): Promise<ProductionSystem> {
  const services = new Map<string, RunningService>();
  const stop = async () => {
    const running = [...services.values()].reverse();
    services.clear();
    for (const { process: child } of running) await stopProcess(child);
  };
  // Production, whatever the caller's shell says: this is the production launch.
  const shared: NodeJS.ProcessEnv = { ...options.env, NODE_ENV: 'production' };
  const urls: Record<string, string> = {};
  try {
    for (const phase of launchPhases(deploymentServices())) {
      const started = await Promise.all(
        phase.map((service) => {
          const env: NodeJS.ProcessEnv = { ...shared, ...urls };
          if (options.ports === 'ephemeral') env[`PORT${serviceSuffix(service)}`] = '0';
          return startService(service, env, options.startTimeoutMs ?? 60_000, options.onOutput).then(
            (running) => {
              services.set(service, running);
              return running;
            },
          );
        }),
      );
      for (const { service, url } of started) {
        const department = departmentOfSystem(service);
        if (department) urls[departmentSystemUrlVariable(department)] = url;
        else if (service !== GATEWAY) urls[subgraphUrlVariable(service)] = url;
      }
    }
  } catch (error) {
    await stop();
    throw error;
  }
  const gatewayUrl = services.get(GATEWAY)?.url;
  if (!gatewayUrl) throw new Error('the deployment has no gateway');
  return { services, gatewayUrl, stop };
}

/** Reads a deployment's env file. */
export function readEnvFile(file: string): NodeJS.ProcessEnv {
  try {
    return parseEnv(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`cannot read the env file ${file}: ${(error as Error).message}`);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const envFile = args[args.indexOf('--env-file') + 1];
  if (!args.includes('--env-file') || !envFile) {
    console.error(
      'usage: npm run start:production -- --env-file <file> [--ports ephemeral]   (npm run keys -- --out <dir> writes <dir>/onething.env)',
    );
    process.exit(2);
  }
  const ports =
    args.includes('--ports') && args[args.indexOf('--ports') + 1] === 'ephemeral'
      ? 'ephemeral'
      : 'configured';
  try {
    const system = await startProduction({ env: { ...readEnvFile(envFile), ...process.env }, ports });
    const width = Math.max(...[...system.services.keys()].map((name) => name.length)) + 1;
    for (const { service, url, process: child } of system.services.values())
      console.log(`${service.padEnd(width)} ${url}  (pid ${child.pid})`);
    console.log(
      `production: every service in its own process; the gateway at ${system.gatewayUrl}; Ctrl-C stops`,
    );
    let stopping = false;
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      process.on(signal, () => {
        if (stopping) return;
        stopping = true;
        void system.stop().then(() => process.exit(0));
      });
    }
  } catch (error) {
    console.error((error as Error).message);
    process.exit(1);
  }
}
