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
 *
 * `--replicas gateway=2,health=3` runs a stateless service — the gateway or a department subgraph — in
 * that many processes, each on a free port of its own, behind a TCP round-robin balancer the launcher
 * runs (`loadBalancer.ts`, which says why layer 4: mutual TLS stays end to end); callers are given the
 * balancer's address as the service's, and it listens where the service would. A replica that dies is
 * started again on its port, and the balancer skips it meanwhile. The service-center runs in replicas
 * when its state is in PostgreSQL (`DATABASE_URL`): they share the store and run each application on
 * whichever holds its lease; each signs the processing log's head into a witness log in a data folder
 * of its own (`<DATA_DIR>/replicas/service-center-<n>`). Without `DATABASE_URL` its store is one local SQLite file,
 * and more than one replica is refused. The department systems stand in for the departments' own
 * systems, one SQLite store each: never in replicas. With `REDIS_URL` in the environment, every
 * gateway replica gets it and they share rate limits and cached answers.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseEnv } from 'node:util';
import { departmentOfSystem, GATEWAY, SERVICE_CENTER } from '../lib/auth/services.ts';
import { subgraphUrlVariable } from '../lib/subgraphUrls.ts';
import { departmentSystemUrlVariable } from '../mocks/kit/events/receiverUrls.ts';
import { subscriptionsFileOf } from '../mocks/kit/events/subscriptions.ts';
import { type LoadBalancer, startLoadBalancer } from './loadBalancer.ts';
import { environmentOf, serviceSuffix } from './serviceEnvironment.ts';
import { defaultDepartmentSystemPort, deploymentServices, ROOT, readSupergraphConfig } from './topology.ts';

/**
 * Whether a department system publishes events — its department has subscribers
 * (`mocks/<department>/subscriptions.json`): it starts after the systems it delivers to, so it is
 * given their URLs.
 */
function publishesEvents(service: string): boolean {
  const department = departmentOfSystem(service);
  return department !== undefined && existsSync(subscriptionsFileOf(department));
}

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
  /** How many processes of each service to run (see {@link parseReplicas}); 1 when absent. */
  replicas?: ReadonlyMap<string, number>;
}

/** One process of a service. */
export interface RunningReplica {
  /** Where this process itself listens. */
  url: string;
  /** The process; replaced when it died and was started again. */
  process: ChildProcess;
}

/** A running service. */
export interface RunningService {
  service: string;
  /** Where callers reach it: its balancer's address when it runs in replicas. */
  url: string;
  /** Its process; with replicas, the first replica's (the current one, when it was started again). */
  process: ChildProcess;
  /** Every process of the service (one unless it runs in replicas). */
  replicas: RunningReplica[];
  /** The balancer in front of its replicas; none for one process. */
  balancer?: LoadBalancer;
}

/**
 * Why a service cannot run in replicas in this deployment, if it cannot: its state lives in one
 * process's store, and two processes would split or race it. The service-center can, once its state
 * is in PostgreSQL (`DATABASE_URL`); each department system is one SQLite store.
 */
function statefulReason(service: string, env: NodeJS.ProcessEnv): string | undefined {
  if (service === SERVICE_CENTER && !environmentOf(SERVICE_CENTER, env).DATABASE_URL)
    return 'without DATABASE_URL the service-center keeps applications in a local SQLite file, which one process owns: set DATABASE_URL to a PostgreSQL the replicas share';
  if (departmentOfSystem(service))
    return `${service} is one SQLite store: replicas would each keep their own register`;
  return undefined;
}

/**
 * Parses `--replicas`: `gateway=2,public-security=3` (service names as `npm run serve` takes them).
 *
 * @throws Error naming the entry that is wrong: no service of the deployment, not a whole number ≥ 1,
 *   or more than one replica of a service whose state is not shared (the service-center, a department system)
 */
export function parseReplicas(
  text: string,
  services: readonly string[] = deploymentServices(),
  env: NodeJS.ProcessEnv = {},
): Map<string, number> {
  const replicas = new Map<string, number>();
  for (const entry of text
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)) {
    const [service = '', count = '', ...rest] = entry.split('=');
    if (!services.includes(service))
      throw new Error(
        `--replicas ${entry}: ${service} is no service of this deployment; the services are ${services.join(', ')}`,
      );
    const n = Number(count);
    if (rest.length > 0 || !/^[0-9]+$/.test(count) || n < 1 || n > 32)
      throw new Error(`--replicas ${entry}: the count must be a whole number from 1 to 32`);
    const reason = statefulReason(service, env);
    if (n > 1 && reason)
      throw new Error(`--replicas ${entry}: ${service} cannot run in replicas here: ${reason}`);
    replicas.set(service, n);
  }
  return replicas;
}

/** Where `service` listens as the deployment configures it (its balancer, when it runs in replicas). */
function configuredAddress(service: string, env: NodeJS.ProcessEnv): { host: string; port: number } {
  const own = environmentOf(service, env);
  const host = own.HOST || '127.0.0.1';
  if (own.PORT) {
    const port = Number(own.PORT);
    if (!Number.isInteger(port) || port < 0 || port > 65535)
      throw new Error(`PORT${serviceSuffix(service)} must be a port number, got ${JSON.stringify(own.PORT)}`);
    return { host, port };
  }
  if (service === GATEWAY) return { host, port: 4000 };
  const department = departmentOfSystem(service);
  const entry = readSupergraphConfig().subgraphs.find(
    (subgraph) => subgraph.name === (department ?? service),
  );
  if (!entry) throw new Error(`${service} is not in rover.yaml`);
  return {
    host,
    port: department ? defaultDepartmentSystemPort(entry) : Number(new URL(entry.routingUrl).port),
  };
}

/** `url` with its port replaced by `port`, its path kept. */
function withPort(url: string, port: number): string {
  const parsed = new URL(url);
  return `${parsed.protocol}//${parsed.hostname}:${port}${parsed.pathname === '/' ? '' : parsed.pathname}`;
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
    systems.filter((service) => !publishesEvents(service)),
    systems.filter(publishesEvents),
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
  label = service,
): Promise<RunningReplica> {
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
      reject(new Error(`${label} did not start within ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    const read = (chunk: Buffer) => {
      const text = chunk.toString();
      for (const line of text.split('\n')) if (line) onOutput?.(label, line);
      if (output.length < 64 * 1024) output += text;
      const at = output.indexOf(ready);
      if (at >= 0) {
        const url = output.slice(at + ready.length).split(/\s/)[0] as string;
        clearTimeout(timer);
        resolve({ url, process: child });
      }
    };
    child.stdout?.on('data', read);
    child.stderr?.on('data', read);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`${label} stopped (${signal ?? `exit code ${code}`}) before it listened:\n${output}`));
    });
  });
}

/**
 * Keeps a replica running: when its process dies (not stopped by the launcher), it is started again
 * with the same environment on the same port, and `replica.process` becomes the new one. The balancer
 * skips the port while nothing listens there, and hands it connections again once it does.
 */
function superviseReplica(
  replica: RunningReplica,
  start: (port: number) => Promise<RunningReplica>,
  stopping: () => boolean,
  onOutput: ProductionOptions['onOutput'],
  label: string,
): void {
  replica.process.once('exit', (code, signal) => {
    if (stopping()) return;
    onOutput?.(label, `${label} stopped (${signal ?? `exit code ${code}`}); starting it again`);
    const restart = () =>
      start(Number(new URL(replica.url).port)).then(
        (again) => {
          // Stopped while it was starting again: stop the new one too.
          if (stopping()) return void stopProcess(again.process);
          replica.process = again.process;
          superviseReplica(replica, start, stopping, onOutput, label);
        },
        (error: unknown) => {
          onOutput?.(label, `${label} did not start again: ${(error as Error).message}`);
          if (!stopping()) setTimeout(restart, 1000).unref();
        },
      );
    void restart();
  });
}

/** Starts every service of the deployment, each as its own process, in production mode. */
export async function startProduction(options: ProductionOptions): Promise<ProductionSystem> {
  const services = new Map<string, RunningService>();
  let stopping = false;
  const stop = async () => {
    stopping = true;
    const running = [...services.values()].reverse();
    services.clear();
    for (const { replicas, balancer } of running) {
      await balancer?.close();
      await Promise.all(replicas.map((replica) => stopProcess(replica.process)));
    }
  };
  // Production, whatever the caller's shell says: this is the production launch.
  const shared: NodeJS.ProcessEnv = { ...options.env, NODE_ENV: 'production' };
  const urls: Record<string, string> = {};
  const timeoutMs = options.startTimeoutMs ?? 60_000;
  const launch = async (service: string): Promise<RunningService> => {
    const count = options.replicas?.get(service) ?? 1;
    const env: NodeJS.ProcessEnv = { ...shared, ...urls };
    if (count === 1) {
      if (options.ports === 'ephemeral') env[`PORT${serviceSuffix(service)}`] = '0';
      const replica = await startService(service, env, timeoutMs, options.onOutput);
      return { service, url: replica.url, process: replica.process, replicas: [replica] };
    }
    const address = configuredAddress(service, shared);
    const replicas = await Promise.all(
      Array.from({ length: count }, async (_, index) => {
        const label = `${service}#${index + 1}`;
        const own: NodeJS.ProcessEnv = { [`PORT${serviceSuffix(service)}`]: '0' };
        if (service === SERVICE_CENTER) {
          // Each replica's witness log of the shared processing log, in a folder of its own.
          const dataDir = environmentOf(service, env).DATA_DIR || '.data';
          own[`DATA_DIR${serviceSuffix(service)}`] = path.join(
            dataDir,
            'replicas',
            `${service}-${index + 1}`,
          );
        }
        const start = (port: number) =>
          startService(
            service,
            { ...env, ...own, [`PORT${serviceSuffix(service)}`]: String(port) },
            timeoutMs,
            options.onOutput,
            label,
          );
        const replica = await start(0);
        superviseReplica(replica, start, () => stopping, options.onOutput, label);
        return replica;
      }),
    );
    const balancer = await startLoadBalancer({
      host: address.host,
      port: options.ports === 'ephemeral' ? 0 : address.port,
      backends: replicas.map((replica) => {
        const url = new URL(replica.url);
        return { host: url.hostname.replace(/^\[|\]$/g, ''), port: Number(url.port) };
      }),
    });
    const first = replicas[0] as RunningReplica;
    return {
      service,
      url: withPort(first.url, balancer.address.port),
      get process() {
        return first.process;
      },
      replicas,
      balancer,
    };
  };
  try {
    for (const phase of launchPhases(deploymentServices())) {
      const started = await Promise.all(
        phase.map((service) =>
          launch(service).then((running) => {
            services.set(service, running);
            return running;
          }),
        ),
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
      'usage: npm run start:production -- --env-file <file> [--ports ephemeral] [--replicas gateway=2,health=2]   (npm run keys -- --out <dir> writes <dir>/onething.env)',
    );
    process.exit(2);
  }
  const ports =
    args.includes('--ports') && args[args.indexOf('--ports') + 1] === 'ephemeral'
      ? 'ephemeral'
      : 'configured';
  try {
    const env = { ...readEnvFile(envFile), ...process.env };
    const replicas = args.includes('--replicas')
      ? parseReplicas(args[args.indexOf('--replicas') + 1] ?? '', deploymentServices(), env)
      : undefined;
    const system = await startProduction({
      env,
      ports,
      replicas,
    });
    const width = Math.max(...[...system.services.keys()].map((name) => name.length)) + 1;
    for (const { service, url, replicas: processes, balancer } of system.services.values()) {
      const pids = processes.map((replica) => replica.process.pid).join(', ');
      console.log(
        balancer
          ? `${service.padEnd(width)} ${url}  (balancer over ${processes.map((replica) => replica.url).join(' ')}; pids ${pids})`
          : `${service.padEnd(width)} ${url}  (pid ${pids})`,
      );
    }
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
