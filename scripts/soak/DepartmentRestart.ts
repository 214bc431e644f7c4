/**
 * Restarts one department's API in a running system, as an operator would: the running API is
 * closed (it finishes the requests it is answering, then its port refuses connections), and a new
 * one is built over the same store on disk and listens on the same port, so the department's
 * subgraph finds it again without being told. The store must be on disk: an in-memory store is lost
 * when its API closes.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ServiceTrust } from '../../lib/auth/config.ts';
import type { DepartmentSystem } from '../../mocks/kit/server.ts';
import type { DepartmentSystemModule } from '../../system/buildOptions.ts';
import type { RunningSystem } from '../../system/startSystem.ts';
import { ROOT } from '../../system/topology.ts';
import type { Phase } from './LoadRecorder.ts';

/** Options of {@link DepartmentRestart}: what `startSystem` built the department's API with. */
export interface DepartmentRestartOptions {
  department: string;
  seedDir: string;
  /** The folder of the stores; the restarted API opens `<dataDir>/<department>.sqlite` again. */
  dataDir: string;
  /** The department system's keys. */
  trust: ServiceTrust;
  today?: () => string;
}

/** One department's API, stopped and started again on its port. */
export class DepartmentRestart {
  readonly #system: RunningSystem;
  readonly #options: DepartmentRestartOptions;
  readonly #first: DepartmentSystem;
  readonly #port: number;
  #second: DepartmentSystem | undefined;
  #stoppedAt: number | undefined;
  #backAt: number | undefined;
  #markBack: () => void = () => {};
  readonly #back: Promise<void>;

  constructor(system: RunningSystem, options: DepartmentRestartOptions) {
    const running = system.departmentSystems.get(options.department);
    if (!running) {
      throw new Error(
        `--department must name a department with an API (${[...system.departmentSystems.keys()].join(', ')}), got ${options.department}`,
      );
    }
    this.#system = system;
    this.#options = options;
    this.#first = running.server;
    this.#port = Number(new URL(running.url).port);
    this.#back = new Promise((resolve) => {
      this.#markBack = resolve;
    });
  }

  /** The department's name. */
  get department(): string {
    return this.#options.department;
  }

  /** When the API was closed and when the new one listened, epoch ms; undefined until they happen. */
  get outage(): { stoppedAt: number | undefined; backAt: number | undefined } {
    return { stoppedAt: this.#stoppedAt, backAt: this.#backAt };
  }

  /** Where the run is now: before the department went down, while it is down, after it is back. */
  phase(now = Date.now()): Phase {
    if (this.#stoppedAt === undefined || now < this.#stoppedAt) return 'before';
    return this.#backAt === undefined || now < this.#backAt ? 'outage' : 'after';
  }

  /** Resolves once the restarted API listens (at once when it already does). */
  back(): Promise<void> {
    return this.#back;
  }

  /** Closes the running API: it finishes the requests it is answering, then refuses connections. */
  async stop(): Promise<void> {
    this.#stoppedAt = Date.now();
    await this.#first.app.close();
  }

  /** Builds a new API over the same store and listens on the old port; the system then lists it. */
  async start(): Promise<void> {
    const file = path.join(ROOT, 'mocks', this.#options.department, 'server.ts');
    const module = (await import(pathToFileURL(file).href)) as DepartmentSystemModule;
    const departmentSystemUrls = Object.fromEntries(
      [...this.#system.departmentSystems].map(([name, api]) => [name, api.url]),
    );
    const api = module.buildDepartmentSystem({
      seedDir: this.#options.seedDir,
      dataDir: this.#options.dataDir,
      trust: this.#options.trust,
      departmentSystemUrls,
      today: this.#options.today,
    });
    await api.app.listen({ port: this.#port, host: '127.0.0.1' });
    this.#second = api;
    this.#system.departmentSystems.set(this.#options.department, {
      name: this.#options.department,
      url: `http://127.0.0.1:${this.#port}`,
      server: api,
    });
    this.#backAt = Date.now();
    this.#markBack();
  }

  /** Requests to `route` over both lives of the API (its counter starts again with the new one). */
  calls(route: string): number {
    return this.#first.calls.count(route) + (this.#second?.calls.count(route) ?? 0);
  }

  /** Closes the restarted API: `system.stop()` knows only the first one. */
  async close(): Promise<void> {
    await this.#second?.app.close();
  }
}
