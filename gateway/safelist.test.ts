import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { ROOT, readSupergraphConfig, SUPERGRAPH_FILE } from '../system/topology.ts';
import { APOLLO_MANIFEST_FILE, CODEGEN_DOCUMENTS_FILE, readSafelist } from './safelist.ts';
import { buildGateway, type Gateway } from './server.ts';

/** The persisted documents `npm run codegen` writes, and the operations they come from. */
const OPERATIONS_DIR = path.join(ROOT, 'schema', 'operations');
const GENERATED_DIR = path.join(OPERATIONS_DIR, 'generated');

/** Every subgraph at a host that never resolves: a listed operation gets as far as asking one. */
const UNREACHABLE_SUBGRAPHS = Object.fromEntries(
  readSupergraphConfig().subgraphs.map((s) => [s.name, `http://${s.name}.invalid/graphql`]),
);

const manifest = JSON.parse(readFileSync(path.join(GENERATED_DIR, APOLLO_MANIFEST_FILE), 'utf8')) as {
  operations: Array<{ id: string; name: string; body: string }>;
};
const codegenDocuments = JSON.parse(
  readFileSync(path.join(GENERATED_DIR, CODEGEN_DOCUMENTS_FILE), 'utf8'),
) as Record<string, string>;

const NAME = 'SchoolDistrictLookup';
const fileText = readFileSync(path.join(OPERATIONS_DIR, `${NAME}.graphql`), 'utf8');
const variables = JSON.parse(readFileSync(path.join(OPERATIONS_DIR, `${NAME}.variables.json`), 'utf8'));
const apollo = manifest.operations.find((operation) => operation.name === NAME);
const codegen = Object.entries(codegenDocuments).find(([, body]) => body.startsWith(`query ${NAME}(`));
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

let gateway: Gateway | undefined;
const scratch = mkdtempSync(path.join(tmpdir(), 'onething-safelist-'));
afterEach(async () => {
  await gateway?.app.close();
  gateway = undefined;
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A gateway with the generated safelist; its subgraphs are unreachable. */
async function safelisted(): Promise<Gateway> {
  gateway = await buildGateway({
    supergraph: readFileSync(SUPERGRAPH_FILE, 'utf8'),
    subgraphUrls: UNREACHABLE_SUBGRAPHS,
    safelistDir: GENERATED_DIR,
    rateLimit: false,
    responseCache: false,
  });
  return gateway;
}

interface Answer {
  status: number;
  codes: unknown[];
}

/** POSTs a GraphQL request body; answers the HTTP status and the errors' codes. */
async function post(built: Gateway, body: Record<string, unknown>): Promise<Answer> {
  const response = await built.app.inject({
    method: 'POST',
    url: '/graphql',
    headers: { 'content-type': 'application/json' },
    payload: body,
  });
  const errors = (response.json() as { errors?: Array<{ extensions?: { code?: unknown } }> }).errors ?? [];
  return { status: response.statusCode, codes: errors.map((error) => error.extensions?.code) };
}

/**
 * What a listed operation gets from this gateway: past the safelist, planned and sent to the education
 * subgraph, which does not answer.
 */
const RAN = { status: 200, codes: ['DOWNSTREAM_SERVICE_ERROR'] };

describe('the persisted-document safelist', () => {
  it('is generated for every client operation, in both formats', () => {
    expect(apollo?.body).toContain('__typename');
    expect(codegen).toBeDefined();
    expect(manifest.operations.map((operation) => operation.name)).toContain('CitizenProfile');
  });

  it('runs a listed document sent by its id alone, as Apollo Client and the client preset send it', async () => {
    const built = await safelisted();
    for (const sha256Hash of [apollo?.id, codegen?.[0]]) {
      expect(
        await post(built, { variables, extensions: { persistedQuery: { version: 1, sha256Hash } } }),
      ).toEqual(RAN);
    }
  });

  it('runs a listed document sent as `documentId`, with or without the `sha256:` prefix, by POST and GET', async () => {
    const built = await safelisted();
    expect(await post(built, { documentId: codegen?.[0], variables })).toEqual(RAN);
    expect(await post(built, { documentId: `sha256:${apollo?.id}`, variables })).toEqual(RAN);
    const search = new URLSearchParams({ documentId: `${apollo?.id}`, variables: JSON.stringify(variables) });
    const response = await built.app.inject({
      method: 'GET',
      url: `/graphql?${search}`,
      // Apollo Server's CSRF prevention wants a header a browser's simple request cannot set.
      headers: { 'apollo-require-preflight': 'true' },
    });
    expect(response.json().errors?.[0]?.extensions?.code).toBe('DOWNSTREAM_SERVICE_ERROR');
  });

  it('runs the full text of a listed document however it is laid out: comments, __typename or not', async () => {
    const built = await safelisted();
    const oneLine = fileText.replace(/^#.*$/gm, '').replace(/\s+/g, ' ');
    for (const query of [fileText, apollo?.body, codegen?.[1], oneLine]) {
      expect(await post(built, { query, variables })).toEqual(RAN);
    }
    // With its hash, as Apollo Client's link retries after PERSISTED_QUERY_NOT_FOUND.
    const body = apollo?.body ?? '';
    expect(
      await post(built, {
        query: body,
        variables,
        extensions: { persistedQuery: { version: 1, sha256Hash: sha256(body) } },
      }),
    ).toEqual(RAN);
  });

  it('answers PERSISTED_QUERY_NOT_FOUND for an id it does not list', async () => {
    const built = await safelisted();
    const unknown = sha256('query Unknown { schools(divisionCode: "500103") { name } }');
    const byHash = await post(built, { extensions: { persistedQuery: { version: 1, sha256Hash: unknown } } });
    expect(byHash.codes).toEqual(['PERSISTED_QUERY_NOT_FOUND']);
    expect((await post(built, { documentId: unknown })).codes).toEqual(['PERSISTED_QUERY_NOT_FOUND']);
    expect(await post(built, { documentId: 'md5:0cc175b9c0f1b6a831c399e269772661' })).toEqual({
      status: 400,
      codes: ['PERSISTED_QUERY_NOT_FOUND'],
    });
  });

  it('refuses a hash sent with a text that is not its document, and a documentId sent with a query', async () => {
    const built = await safelisted();
    const persistedQuery = { version: 1, sha256Hash: apollo?.id };
    // The file's text is listed, but it is not the text this hash names.
    expect(await post(built, { query: fileText, variables, extensions: { persistedQuery } })).toEqual({
      status: 400,
      codes: ['PERSISTED_QUERY_HASH_MISMATCH'],
    });
    // In the media type the client asked for, as Apollo Server answers: Apollo Client 4 reads a 400
    // in plain JSON as a server error, not as the GraphQL error it is.
    const asked = await built.app.inject({
      method: 'POST',
      url: '/graphql',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
      payload: { query: fileText, variables, extensions: { persistedQuery } },
    });
    expect(asked.headers['content-type']).toMatch(/^application\/graphql-response\+json/);
    expect(await post(built, { documentId: apollo?.id, query: fileText, variables })).toEqual({
      status: 400,
      codes: ['BAD_REQUEST'],
    });
  });

  it('refuses any other document with PERSISTED_QUERY_NOT_IN_SAFELIST, even one a field away from a listed one', async () => {
    const built = await safelisted();
    const unlisted = { status: 400, codes: ['PERSISTED_QUERY_NOT_IN_SAFELIST'] };
    expect(await post(built, { query: '{ schools(divisionCode: "500103") { name } }' })).toEqual(unlisted);
    const widened = fileText.replace('streets', 'streets\n    schools { name }');
    expect(await post(built, { query: widened, variables })).toEqual(unlisted);
    // A text that hashes to its own hash is still only as good as its text.
    const other = 'query Other { schools(divisionCode: "500103") { name } }';
    expect(
      await post(built, {
        query: other,
        extensions: { persistedQuery: { version: 1, sha256Hash: sha256(other) } },
      }),
    ).toEqual(unlisted);
  });
});

describe('reading the safelist', () => {
  it('fails on a folder of .graphql operations, naming the folder `npm run codegen` fills', () => {
    expect(() => readSafelist(OPERATIONS_DIR)).toThrow(
      /run `npm run codegen` and point GATEWAY_SAFELIST_DIR at schema\/operations\/generated/,
    );
  });

  it('fails on persisted documents hashed with another algorithm, naming the entry', () => {
    const document = 'query Hello { schools(divisionCode: "500103") { name } }';
    const sha1 = createHash('sha1').update(document).digest('hex');
    writeFileSync(path.join(scratch, CODEGEN_DOCUMENTS_FILE), JSON.stringify({ [sha1]: document }));
    expect(() => readSafelist(scratch)).toThrow(
      `persisted-documents.json (${sha1}) is not the SHA-256 of its document`,
    );
  });

  it('fails on a manifest not in Apollo’s format, naming where', () => {
    const dir = mkdtempSync(path.join(scratch, 'manifest-'));
    writeFileSync(
      path.join(dir, APOLLO_MANIFEST_FILE),
      JSON.stringify({ format: 'apollo-persisted-query-manifest', version: 2, operations: [] }),
    );
    expect(() => readSafelist(dir)).toThrow(/persisted-query-manifest\.json is not in its format at version/);
  });
});
