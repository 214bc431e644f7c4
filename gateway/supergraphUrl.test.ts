import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { composeSupergraph } from '../scripts/schema/composition.ts';
import { readSupergraphConfig, SUPERGRAPH_FILE } from '../system/topology.ts';
import { eventually } from '../test/support/eventually.ts';
import { readGatewayConfig } from './config.ts';
import { buildGateway, type Gateway } from './server.ts';
import { displayUrl, parseSupergraphUrl } from './supergraphUrl.ts';

/** Every subgraph at a host that never resolves: these tests need no subgraph to answer. */
const UNREACHABLE_SUBGRAPHS = Object.fromEntries(
  readSupergraphConfig().subgraphs.map((s) => [s.name, `http://${s.name}.invalid/graphql`]),
);
const SUPERGRAPH = readFileSync(SUPERGRAPH_FILE, 'utf8');
const POLL_MS = 50;

/** The committed supergraph with education's Query given one more field, `reloadProbe`. */
let changedSupergraph: string;
beforeAll(() => {
  const config = readSupergraphConfig();
  const education = config.subgraphs.find((s) => s.name === 'education');
  const sdl = readFileSync(education?.schemaFile as string, 'utf8').replace(
    'type Query {',
    'type Query {\n  """A field added to prove the gateway reloads its supergraph."""\n  reloadProbe: String\n',
  );
  const composed = composeSupergraph(config, { education: sdl });
  if (!composed.ok) throw new Error(composed.errors.join('\n'));
  changedSupergraph = composed.supergraphSdl;
}, 60_000);

/**
 * A publisher of the supergraph: serves `document` with a strong ETag (and Last-Modified), answers
 * 304 to a request naming the current one, or answers `status` while it is set.
 */
class SupergraphPublisher {
  document = SUPERGRAPH;
  version = 1;
  /** An error status answered instead of the document, while set. */
  status: number | undefined;
  /** While true, requests get no answer at all. */
  hang = false;
  /** Whether validators are sent: `etag`, `last-modified` or both. */
  validators: 'etag' | 'last-modified' | 'both' = 'both';
  readonly requests: IncomingMessage[] = [];
  readonly answers: number[] = [];
  readonly server: Server = createServer((request, response) => {
    this.requests.push(request);
    if (this.hang) return;
    const answer = (status: number, headers: Record<string, string> = {}, body?: string) => {
      this.answers.push(status);
      response.writeHead(status, headers).end(body);
    };
    if (this.status) return answer(this.status, {}, 'publisher trouble');
    const etag = `"v${this.version}"`;
    const lastModified = new Date(Date.UTC(2026, 0, 1, 0, 0, this.version)).toUTCString();
    const sendEtag = this.validators !== 'last-modified';
    const sendLastModified = this.validators !== 'etag';
    if (
      (sendEtag && request.headers['if-none-match'] === etag) ||
      (!sendEtag && sendLastModified && request.headers['if-modified-since'] === lastModified)
    ) {
      return answer(304);
    }
    answer(
      200,
      {
        'content-type': 'application/graphql',
        ...(sendEtag ? { etag } : {}),
        ...(sendLastModified ? { 'last-modified': lastModified } : {}),
      },
      this.document,
    );
  });

  /** Publishes a new document (a new version). */
  publish(document: string): void {
    this.document = document;
    this.version += 1;
  }

  async start(): Promise<string> {
    this.server.listen(0, '127.0.0.1');
    await once(this.server, 'listening');
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/supergraph.graphql`;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }

  /** How many requests were answered so far. */
  get polls(): number {
    return this.answers.length;
  }
}

const gateways: Gateway[] = [];
const publishers: SupergraphPublisher[] = [];

afterEach(async () => {
  await Promise.all(gateways.splice(0).map((gateway) => gateway.app.close()));
  await Promise.all(publishers.splice(0).map((publisher) => publisher.stop()));
});

async function publisher(): Promise<{ publisher: SupergraphPublisher; url: string }> {
  const started = new SupergraphPublisher();
  publishers.push(started);
  return { publisher: started, url: await started.start() };
}

/** A gateway built against `url`, telling its reloads, rejections and whether each rejection repeats the last problem. */
async function gatewayAt(
  url: string,
  reloads: string[] = [],
  rejected: Error[] = [],
  repeated: boolean[] = [],
): Promise<Gateway> {
  const gateway = await buildGateway({
    supergraph: { url, pollIntervalMs: POLL_MS },
    subgraphUrls: UNREACHABLE_SUBGRAPHS,
    reload: {
      onReload: (sdl) => reloads.push(sdl),
      onRejected: (error, rejection) => {
        rejected.push(error);
        repeated.push(rejection.repeated);
      },
    },
  });
  gateways.push(gateway);
  return gateway;
}

/** The fields of the gateway's Query type, from its served schema. */
async function queryFields({ app }: Gateway): Promise<string[]> {
  const response = await app.inject({
    method: 'POST',
    url: '/graphql',
    headers: { 'content-type': 'application/json' },
    payload: { query: '{ __type(name: "Query") { fields { name } } }' },
  });
  return (
    response.json() as { data: { __type: { fields: Array<{ name: string }> } } }
  ).data.__type.fields.map((field) => field.name);
}

/** The value of `onething_gateway_supergraph_reloads_total{outcome}` (0 when absent). */
async function reloadsCounted({ app }: Gateway, outcome: string): Promise<number> {
  const text = (await app.inject({ method: 'GET', url: '/metrics' })).body;
  const match = text.match(
    new RegExp(
      `^onething_gateway_supergraph_reloads_total\\{outcome="${outcome}",service="gateway"\\} (\\d+)$`,
      'm',
    ),
  );
  return match ? Number(match[1]) : 0;
}

/** Waits until `publisher` has answered `more` further requests (polls). */
async function pollsPass(source: SupergraphPublisher, more: number): Promise<void> {
  const target = source.polls + more;
  await eventually(
    () => (source.polls >= target ? true : undefined),
    { timeoutMs: 10_000 },
    () => source.polls,
  );
}

describe('the supergraph from SUPERGRAPH_URL', { timeout: 60_000 }, () => {
  it('starts from the URL, and every replica serves a changed document after its next poll', async () => {
    const { publisher: source, url } = await publisher();
    const replicas = [await gatewayAt(url), await gatewayAt(url)];
    for (const replica of replicas) expect(await queryFields(replica)).not.toContain('reloadProbe');

    source.publish(changedSupergraph);
    for (const replica of replicas) {
      await eventually(
        async () => ((await queryFields(replica)).includes('reloadProbe') ? true : undefined),
        {
          timeoutMs: 10_000,
        },
      );
      expect(await reloadsCounted(replica, 'reloaded')).toBe(1);
    }
  });

  it('does not reload on a 304: polls are conditional on the ETag, or on Last-Modified', async () => {
    for (const validators of ['etag', 'last-modified'] as const) {
      const { publisher: source, url } = await publisher();
      source.validators = validators;
      const reloads: string[] = [];
      const replica = await gatewayAt(url, reloads);
      await pollsPass(source, 3);
      expect(source.answers.slice(1).every((status) => status === 304)).toBe(true);
      const conditional = source.requests.at(-1)?.headers;
      if (validators === 'etag') expect(conditional?.['if-none-match']).toBe('"v1"');
      else expect(conditional?.['if-modified-since']).toMatch(/GMT$/);
      expect(reloads).toEqual([]);
      expect(await reloadsCounted(replica, 'reloaded')).toBe(0);
    }
  });

  it('keeps the running supergraph on a bad document and on a 500, counting each, and picks up the next good one', async () => {
    const { publisher: source, url } = await publisher();
    const rejected: Error[] = [];
    const repeated: boolean[] = [];
    const replica = await gatewayAt(url, [], rejected, repeated);

    source.publish('this is not a supergraph');
    await eventually(async () => ((await reloadsCounted(replica, 'invalid')) === 1 ? true : undefined), {
      timeoutMs: 10_000,
    });
    await pollsPass(source, 2);
    // The same bad document is not fetched again (304), nor reported again.
    expect(await reloadsCounted(replica, 'invalid')).toBe(1);
    expect(rejected[0]?.message).toMatch(/does not build/);
    expect(await queryFields(replica)).toContain('schools');

    source.status = 500;
    await eventually(async () => ((await reloadsCounted(replica, 'unavailable')) >= 2 ? true : undefined), {
      timeoutMs: 10_000,
    });
    expect(rejected.at(-1)?.message).toMatch(/HTTP 500/);
    // Logged once per distinct problem: the bad document, then the first 500; later 500s repeat it.
    expect(repeated.slice(0, 3)).toEqual([false, false, true]);
    expect(await queryFields(replica)).toContain('schools');

    source.status = undefined;
    source.publish(changedSupergraph);
    await eventually(async () => ((await queryFields(replica)).includes('reloadProbe') ? true : undefined), {
      timeoutMs: 10_000,
    });
    expect(await reloadsCounted(replica, 'reloaded')).toBe(1);
  });

  it('keeps the running supergraph when a document is over the size cap', async () => {
    const { publisher: source, url } = await publisher();
    const rejected: Error[] = [];
    const replica = await buildGateway({
      supergraph: { url, pollIntervalMs: POLL_MS, maxBytes: Buffer.byteLength(SUPERGRAPH) + 1024 },
      subgraphUrls: UNREACHABLE_SUBGRAPHS,
      reload: { onRejected: (error) => rejected.push(error) },
    });
    gateways.push(replica);
    source.publish(`${SUPERGRAPH}\n${'#'.repeat(4096)}\n`);
    await eventually(() => (rejected.length > 0 ? true : undefined), { timeoutMs: 10_000 });
    expect(rejected[0]?.message).toMatch(/larger than/);
    expect(await reloadsCounted(replica, 'unavailable')).toBeGreaterThan(0);
  });

  it('keeps the running supergraph when the URL does not answer in time', async () => {
    const { publisher: source, url } = await publisher();
    const rejected: Error[] = [];
    const replica = await buildGateway({
      supergraph: { url, pollIntervalMs: POLL_MS, timeoutMs: 200 },
      subgraphUrls: UNREACHABLE_SUBGRAPHS,
      reload: { onRejected: (error) => rejected.push(error) },
    });
    gateways.push(replica);
    source.hang = true;
    await eventually(() => (rejected.length > 0 ? true : undefined), { timeoutMs: 10_000 });
    expect(rejected[0]?.message).toMatch(/no answer within 200 ms/);
    expect(await queryFields(replica)).toContain('schools');
  });

  it('refuses to start when the first fetch fails, naming the URL without its password', async () => {
    const { publisher: source, url } = await publisher();
    await source.stop();
    publishers.splice(0);
    const withPassword = url.replace('http://', 'http://operator:s3cret-word@');
    const started = buildGateway({
      supergraph: { url: withPassword, pollIntervalMs: POLL_MS },
      subgraphUrls: UNREACHABLE_SUBGRAPHS,
    });
    const error = await started.then(
      () => undefined,
      (failure: Error) => failure,
    );
    expect(error?.message).toContain(url.replace('http://', 'http://***@'));
    expect(error?.message).toMatch(/refusing to start/);
    expect(error?.message).not.toContain('s3cret-word');
    expect(error?.message).not.toContain('operator');
  });

  it('refuses to start when the first document does not build', async () => {
    const { publisher: source, url } = await publisher();
    source.publish('this is not a supergraph');
    await expect(
      buildGateway({ supergraph: { url, pollIntervalMs: POLL_MS }, subgraphUrls: UNREACHABLE_SUBGRAPHS }),
    ).rejects.toThrow(/refusing to start .* does not build/);
  });

  it('sends the URL’s credentials as Basic authentication', async () => {
    const { publisher: source, url } = await publisher();
    await gatewayAt(url.replace('http://', 'http://operator:s3cret-word@'));
    expect(source.requests[0]?.headers.authorization).toBe(
      `Basic ${Buffer.from('operator:s3cret-word').toString('base64')}`,
    );
  });
});

describe('SUPERGRAPH_URL in the configuration', () => {
  it('is refused together with SUPERGRAPH_PATH', () => {
    expect(() =>
      readGatewayConfig({
        NODE_ENV: 'test',
        SUPERGRAPH_PATH: SUPERGRAPH_FILE,
        SUPERGRAPH_URL: 'https://schemas.example/supergraph.graphql',
      }),
    ).toThrow(/SUPERGRAPH_PATH and SUPERGRAPH_URL are both set/);
  });

  it('is refused in production when plain http://, naming it without credentials', () => {
    const read = () =>
      readGatewayConfig({
        NODE_ENV: 'production',
        SUPERGRAPH_URL: 'http://op:pw@schemas.example/s.graphql?sig=abc',
      });
    expect(read).toThrow(
      /SUPERGRAPH_URL must be an https:\/\/ URL: plain http:\/\/ is refused in production/,
    );
    expect(read).toThrow('"http://***@schemas.example/s.graphql?…"');
    expect(() => parseSupergraphUrl('ftp://schemas.example/s', false)).toThrow(/the scheme is ftp:/);
    expect(() => parseSupergraphUrl('http://schemas.example/s', false)).not.toThrow();
  });

  it('polls every 10 s by default, every SUPERGRAPH_POLL_SECONDS when set', () => {
    const url = 'https://schemas.example/supergraph.graphql';
    expect(readGatewayConfig({ NODE_ENV: 'test', SUPERGRAPH_URL: url })).toMatchObject({
      supergraphUrl: new URL(url),
      supergraphPollSeconds: 10,
    });
    expect(
      readGatewayConfig({ NODE_ENV: 'test', SUPERGRAPH_URL: url, SUPERGRAPH_POLL_SECONDS: '30' })
        .supergraphPollSeconds,
    ).toBe(30);
    expect(() => readGatewayConfig({ NODE_ENV: 'test', SUPERGRAPH_POLL_SECONDS: '0' })).toThrow(
      /SUPERGRAPH_POLL_SECONDS/,
    );
  });

  it('shows a URL without user, password or query', () => {
    expect(displayUrl('https://u:p@host:8443/a/b.graphql?X-Signature=zz')).toBe(
      'https://***@host:8443/a/b.graphql?…',
    );
    expect(displayUrl('https://host/a')).toBe('https://host/a');
  });
});
