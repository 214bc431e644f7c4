/**
 * The gateway's own explorer, as an integrator on an intranet uses it: headless Chromium opens the
 * gateway's page with every request to another host blocked, runs the CitizenProfile example with
 * the token of its identity and sees the citizen; switches the tab's identity; reads the schema's
 * docs. Then the explorer's HTTP side: the examples, the test tokens and their refusals, the page
 * before the bundle is built, and a production gateway without any of it.
 *
 * Needs Chromium at /usr/bin/chromium (`.ci/run` installs Debian's package). Without it the browser
 * test is skipped on a developer's machine and fails in CI.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExplorerError, ExplorerExamples, ExplorerToken } from '../gateway/explorer/contract.ts';
import { buildGateway, type Gateway } from '../gateway/server.ts';
import type { RunningSystem } from '../system/startSystem.ts';
import { ROOT, SUPERGRAPH_FILE } from '../system/topology.ts';
import { scenarios, startTestSystem } from './support/system.ts';

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_MISSING = !existsSync(CHROMIUM);
/** The citizen of the CitizenProfile example, as the seed names him. */
const PROFILE = scenarios.citizens.profile;
const PROFILE_NAME = '李大伟';
const BROWSER_TIMEOUT_MS = 30_000;

let system: RunningSystem;
let base: string;
const gateways: Gateway[] = [];
const dirs: string[] = [];

/** Another gateway over the same subgraphs, listening on port 0; stopped after the file. */
async function anotherGateway(options: Partial<Parameters<typeof buildGateway>[0]>): Promise<string> {
  const gateway = await buildGateway({
    supergraph: readFileSync(SUPERGRAPH_FILE, 'utf8'),
    subgraphUrls: Object.fromEntries([...system.subgraphs].map(([name, s]) => [name, s.url])),
    trust: system.authentication.trustFor('gateway'),
    ...options,
  });
  gateways.push(gateway);
  return gateway.app.listen({ port: 0, host: '127.0.0.1' });
}

/** An answer read to its end, so no connection stays busy with an unread body and every server stops. */
interface Answer {
  status: number;
  contentType: string;
  text: string;
}

async function answerOf(response: Response): Promise<Answer> {
  return {
    status: response.status,
    contentType: response.headers.get('content-type') ?? '',
    text: await response.text(),
  };
}

const get = async (url: string, accept = '*/*') => answerOf(await fetch(url, { headers: { accept } }));

const postToken = async (origin: string, body: unknown) =>
  answerOf(
    await fetch(`${origin}/explorer/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    }),
  );

const examplesOf = async (origin: string) =>
  JSON.parse((await get(`${origin}/explorer/examples`, 'application/json')).text) as ExplorerExamples;

beforeAll(async () => {
  // The page under test is the client as it is now: bundle it (as `npm ci` does).
  const build = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/build-explorer.ts'], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  expect(build.status, `npm run build:explorer failed:\n${build.stdout}${build.stderr}`).toBe(0);
  system = await startTestSystem();
  base = (system.gatewayUrl as string).replace(/\/graphql$/, '');
});

afterAll(async () => {
  for (const gateway of gateways) await gateway.app.close();
  await system?.stop();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(CHROMIUM_MISSING && !process.env.CI)('the explorer in a browser without internet', () => {
  let browser: Browser;
  let page: Page;
  /** Every request the page attempted to a host other than this machine (each was aborted). */
  const outside: string[] = [];
  /** What the browser reported as errors, other than an answer with an error status: a script error, a refusal of the page's policy. */
  const consoleErrors: string[] = [];
  /** Every answer with an error status, as `<status> <path>`. */
  const failedRequests: string[] = [];

  beforeAll(async () => {
    if (CHROMIUM_MISSING) {
      throw new Error(`Chromium is not installed at ${CHROMIUM}: .ci/run installs Debian's chromium package`);
    }
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
    page = await browser.newPage();
    page.setDefaultTimeout(BROWSER_TIMEOUT_MS);
    await page.route('**/*', (route) => {
      const { hostname } = new URL(route.request().url());
      if (hostname === '127.0.0.1' || hostname === 'localhost') return route.continue();
      outside.push(route.request().url());
      return route.abort('blockedbyclient');
    });
    page.on('console', (message) => {
      if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) {
        consoleErrors.push(message.text());
      }
    });
    page.on('response', (response) => {
      if (response.status() >= 400)
        failedRequests.push(`${response.status()} ${new URL(response.url()).pathname}`);
    });
    page.on('pageerror', (error) => consoleErrors.push(error.message));
  });

  afterAll(async () => {
    await browser?.close();
  });

  /** Runs the active tab and waits for a response holding `text`. */
  async function run(text: string): Promise<string> {
    await page.locator('.graphiql-execute-button').click();
    const response = page.locator('.graphiql-response', { hasText: text });
    await response.waitFor();
    return (await response.textContent()) ?? '';
  }

  it('opens at /graphql and runs CitizenProfile with its identity token, showing the citizen', async () => {
    await page.goto(`${base}/graphql`);
    // Every example operation is open in its own tab.
    const tabs = page.getByRole('tablist', { name: 'Select active operation' });
    await tabs.getByRole('tab', { name: 'CitizenProfile' }).waitFor();
    await expect(tabs.getByRole('tab').count()).resolves.toBe((await examplesOf(base)).operations.length);

    await page
      .locator('.onething-operations')
      .getByRole('button', { name: /^CitizenProfile/ })
      .click();
    await expect(tabs.getByRole('tab', { name: 'CitizenProfile', selected: true }).count()).resolves.toBe(1);
    const answer = await run(PROFILE_NAME);
    expect(answer).toContain(PROFILE);
    expect(answer).not.toContain('"errors"');
  }, 90_000);

  it('switches the tab to no token, back to the identity, and refuses an identity that is none', async () => {
    await page.getByRole('button', { name: 'Show Test identity' }).click();
    const panel = page.getByRole('region', { name: 'Test identity' });
    await panel.getByText(`This tab runs as ${PROFILE}.`).waitFor();

    await panel.getByRole('button', { name: 'No token' }).click();
    await panel.getByText('This tab runs without a token').waitFor();
    expect(await run('"errors"')).not.toContain(PROFILE_NAME);

    await panel.getByRole('button', { name: PROFILE, exact: true }).click();
    await panel.getByText(`This tab runs as ${PROFILE}.`).waitFor();
    expect(await run(PROFILE_NAME)).not.toContain('"errors"');

    await panel.getByLabel('Another identity').fill('50010319891014917X');
    await panel.getByRole('button', { name: 'Use in this tab' }).click();
    await panel.getByRole('alert').filter({ hasText: 'BAD_USER_INPUT' }).waitFor();
    await panel.getByText(`This tab runs as ${PROFILE}.`).waitFor();
  }, 90_000);

  it("shows the schema's documentation from introspection", async () => {
    await page.getByRole('button', { name: 'Show Documentation Explorer' }).click();
    const docs = page.locator('.graphiql-doc-explorer');
    await docs.getByRole('link', { name: 'Query' }).click();
    await docs.getByText('person', { exact: true }).first().waitFor();
  }, 90_000);

  it('asked nothing of any other host, and nothing failed but the identity that is none', () => {
    expect(outside).toEqual([]);
    expect(consoleErrors).toEqual([]);
    expect(failedRequests).toEqual(['400 /explorer/token']);
  });
});

describe('the explorer over HTTP', () => {
  it('serves the page at /explorer and to a browser at /graphql, with a policy that allows only the gateway', async () => {
    for (const url of [`${base}/explorer`, `${base}/graphql`]) {
      const page = await get(url, 'text/html');
      expect(page.status).toBe(200);
      expect(page.contentType).toMatch(/text\/html/);
      expect(page.text).toMatch(/<script type="module" src="\/explorer\/assets\/explorer\.js\?v=\w+">/);
      expect(page.text).toContain("connect-src 'self'");
      expect(page.text).not.toMatch(/https?:\/\//);
    }
    expect((await get(`${base}/explorer/assets/explorer.js`)).contentType).toMatch(/javascript/);
    const stylesheet = await get(`${base}/explorer/assets/explorer.css`);
    expect(stylesheet.contentType).toMatch(/text\/css/);
    expect(stylesheet.text).not.toMatch(/url\(\s*['"]?(https?:)?\/\//);
    expect((await get(`${base}/explorer/assets/..%2f..%2fserver.ts`)).status).toBe(404);
  });

  it('lists the example operations with their variables and the identities they name', async () => {
    const examples = await examplesOf(base);
    expect(examples.tokens).toBe(true);
    const profile = examples.operations.find((operation) => operation.name === 'CitizenProfile');
    expect(profile).toMatchObject({ identity: PROFILE, variables: { citizenId: PROFILE } });
    expect(profile?.description).toMatch(/^A citizen's profile across all \w+ departments/);
    const lookup = examples.operations.find((operation) => operation.name === 'SchoolDistrictLookup');
    expect(lookup?.identity).toBe(undefined);
    expect(examples.identities.find((entry) => entry.identity === PROFILE)?.operations).toContain(
      'CitizenProfile',
    );
  });

  it('mints a token the graph accepts for a test identity, and refuses one that is none with a reason', async () => {
    const minted = await postToken(base, { identity: 'staff:health:health:read' });
    expect(minted.status).toBe(200);
    const { token, expiresAt } = JSON.parse(minted.text) as ExplorerToken;
    const verified = await system.authentication.verifier.identityOf(`Bearer ${token}`);
    expect(verified).toMatchObject({ kind: 'staff', department: 'health', scopes: ['health:read'] });
    expect(Date.parse(expiresAt)).toBeGreaterThan(Date.now() + 11 * 3600_000);

    for (const body of [{ identity: '50010319891014917X' }, { identity: 'service:service-center' }, {}]) {
      const refused = await postToken(base, body);
      expect(refused.status).toBe(400);
      const { errors } = JSON.parse(refused.text) as ExplorerError;
      expect(errors[0]?.extensions.code).toBe('BAD_USER_INPUT');
      expect(errors[0]?.message.length).toBeGreaterThan(10);
    }
  });

  it('mints nothing when the gateway holds real keys', async () => {
    const origin = await anotherGateway({
      explorer: { authentication: { ...system.authentication, development: false } },
    });
    const refused = await postToken(origin, { identity: PROFILE });
    expect(refused.status).toBe(403);
    expect(JSON.parse(refused.text)).toMatchObject({ errors: [{ extensions: { code: 'FORBIDDEN' } }] });
    expect((await examplesOf(origin)).tokens).toBe(false);
  });

  it('says how to build the explorer while its bundle is missing', async () => {
    const empty = mkdtempSync(path.join(tmpdir(), 'onething-explorer-'));
    dirs.push(empty);
    const origin = await anotherGateway({
      explorer: { authentication: system.authentication, distDir: empty },
    });
    const page = await get(`${origin}/graphql`, 'text/html');
    expect(page.status).toBe(200);
    expect(page.text).toContain('npm run build:explorer');
    expect((await get(`${origin}/explorer/assets/explorer.js`)).status).toBe(404);
    expect((await get(`${origin}/health`)).status).toBe(200);
  });

  it('does not exist in production: no page, no assets, no examples, no tokens', async () => {
    const origin = await anotherGateway({
      production: true,
      explorer: { authentication: system.authentication },
    });
    for (const route of ['/explorer', '/explorer/assets/explorer.js', '/explorer/examples']) {
      expect((await get(`${origin}${route}`, 'text/html')).status, route).toBe(404);
    }
    expect((await postToken(origin, { identity: PROFILE })).status).toBe(404);
    expect((await get(`${origin}/graphql`, 'text/html')).contentType).not.toMatch(/html/);
  });
});
