/**
 * A catalogue of hostile and malformed requests, each answered with the right HTTP status and
 * `extensions.code`, none crashing a server or changing any data; then CORS by allow-list and the
 * rate limit per identity at the gateway.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { generateKeyPair, importJWK, type JWK, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildGateway, type Gateway } from '../gateway/server.ts';
import { TokenIssuer } from '../lib/auth/issuer.ts';
import { checkCharacter } from '../lib/citizenId.ts';
import type { RunningSystem } from '../system/startSystem.ts';
import { SUPERGRAPH_FILE } from '../system/topology.ts';
import { parentsOnReport, registerNewborn } from './support/newborn.ts';
import { AUDITOR, authorization, scenarios, startTestSystem } from './support/system.ts';

let system: RunningSystem;
/** The production gateway: no introspection, no suggestions, one allow-listed origin. */
let production: Gateway;
let productionUrl: string;
/** The gateway with a tiny rate limit. */
let limited: Gateway;
let limitedUrl: string;
/** The private key the system's tokens are signed with, to sign tokens that are wrong in one way. */
let signingKey: JWK;
/** An application of another family (a rejected newborn errand). */
let othersApplication: string;
/** Every department store and the service-center's applications, before the catalogue. */
let before: Record<string, string>;

const ME = scenarios.citizens.profile;
const MY_HOUSEHOLD = scenarios.households.profile;
const SOMEONE_ELSE = scenarios.citizens.outOfProvince;
const OTHERS_HOUSEHOLD = '420103-197102';
const OTHERS_BIRTH = 'BR202609060001';
const OTHERS_MARRIAGE = 'J420103-2004-185001';
const ALLOWED_ORIGIN = 'https://onething.gov.example';
/** A well-formed citizen ID that no register holds. */
const UNKNOWN_CITIZEN = `50010319891014999${checkCharacter('50010319891014999')}`;

const gatewayUrl = () => system.gatewayUrl as string;
const subgraphUrl = (name: string) => system.subgraphs.get(name)?.url as string;
const as = (identity: string) => authorization(system, identity);
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const JSON_TYPE = { 'content-type': 'application/json' };

/** An answer as the catalogue reads it. */
interface Answer {
  status: number;
  headers: Headers;
  text: string;
  errors?: Array<{ message: string; extensions?: Record<string, unknown> }>;
  data?: unknown;
}

async function send(url: string, init: RequestInit): Promise<Answer> {
  const response = await fetch(url, init);
  const text = await response.text();
  let body: Partial<Answer> = {};
  try {
    body = JSON.parse(text) as Partial<Answer>;
  } catch {
    // Not JSON: the catalogue's checks fail on the missing errors.
  }
  return { status: response.status, headers: response.headers, text, errors: body.errors, data: body.data };
}

const post = (body: string, headers: Record<string, string> = JSON_TYPE, url = gatewayUrl()) =>
  send(url, { method: 'POST', headers, body });

const ask = (
  query: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
  url = gatewayUrl(),
) => post(JSON.stringify({ query, variables }), { ...JSON_TYPE, ...headers }, url);

const PERSON = 'query Person($id: CitizenId!) { person(citizenId: $id) { name } }';
const HOUSEHOLD = 'query Household($id: ID!) { household(id: $id) { id } }';
const BIRTH = 'query Birth($id: ID!) { birthRecord(id: $id) { id bornAt } }';
const MARRIAGE = 'query Marriage($id: ID!) { marriage(id: $id) { id } }';
const APPLICATION = 'query Application($id: ID!) { application(id: $id) { id status } }';
const REGISTER_NEWBORN = `mutation RegisterNewborn($input: RegisterNewbornInput!) {
  registerNewborn(input: $input) { application { id } }
}`;
const CHANGE_ADDRESS = `mutation ChangeAddress($input: ChangeHouseholdAddressInput!) {
  changeHouseholdAddress(input: $input) { id to { detail formatted } }
}`;
const REGISTER_BIRTH = `mutation RegisterBirth($input: BirthRegistrationInput!) {
  registerBirth(input: $input, idempotencyKey: "hostile-register-birth") { citizenId }
}`;

/** A birth registration of a child of mine, as only public-security staff or the service-center may send. */
const BIRTH_REGISTRATION = {
  householdId: MY_HOUSEHOLD,
  name: '王小宝',
  sex: 'MALE',
  birthDate: '2026-11-01',
  motherCitizenId: ME,
  birthCertificateNumber: 'O500000001',
};

/** A token of the system's issuer with claims chosen by the test. */
async function signed(claims: Record<string, unknown>, header: Record<string, unknown> = {}) {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ iss: 'onething-dev', aud: 'onething', iat: now, exp: now + 600, ...claims })
    .setProtectedHeader({ alg: 'ES256', kid: signingKey.kid as string, ...header })
    .sign(await importJWK(signingKey, 'ES256'));
}

const base64url = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** The newborn errand for the mother of a seeded birth record, with a child name chosen by the test. */
async function registerNewbornNamed(childName: string, extra: Record<string, unknown> = {}) {
  const { mother } = parentsOnReport(OTHERS_BIRTH);
  return ask(
    REGISTER_NEWBORN,
    { input: { birthRecordId: OTHERS_BIRTH, childName, household: 'MOTHER', ...extra } },
    await as(mother as string),
  );
}

/** A document `levels` fields deep, alternating household and head. */
function nested(levels: number): string {
  let selection = 'name';
  for (let i = 0; i < levels; i++) selection = `household { head { ${selection} } }`;
  return `query Deep($id: CitizenId!) { person(citizenId: $id) { ${selection} } }`;
}

/** One hostile request and the answer it must get. */
interface HostileCase {
  name: string;
  send: () => Promise<Answer>;
  status: number;
  code: string;
  reason?: string;
  /** A further check of the answer. */
  check?: (answer: Answer) => void;
}

const badTokens: HostileCase[] = [
  {
    name: 'an expired token',
    send: async () =>
      ask(
        PERSON,
        { id: ME },
        bearer(
          await system.authentication.issuer.mint(
            { kind: 'citizen', citizenId: ME },
            { now: new Date(Date.now() - 2 * 3600_000), ttlSeconds: 60 },
          ),
        ),
      ),
    status: 401,
    code: 'UNAUTHENTICATED',
    reason: 'EXPIRED',
  },
  {
    name: "a token signed by another key under the trusted key's id",
    send: async () => {
      const { privateKey } = await generateKeyPair('ES256');
      const forged = await new SignJWT({ iss: 'onething-dev', aud: 'onething' })
        .setProtectedHeader({ alg: 'ES256', kid: signingKey.kid as string })
        .setSubject(ME)
        .setIssuedAt()
        .setExpirationTime('10m')
        .sign(privateKey);
      return ask(PERSON, { id: ME }, bearer(forged));
    },
    status: 401,
    code: 'UNAUTHENTICATED',
    reason: 'BAD_SIGNATURE',
  },
  {
    name: 'a token of an unknown key id',
    send: async () => {
      const { privateKey } = await generateKeyPair('ES256');
      const forged = await new SignJWT({ iss: 'onething-dev', aud: 'onething' })
        .setProtectedHeader({ alg: 'ES256', kid: 'someone-elses-key' })
        .setSubject('staff:public-security')
        .setIssuedAt()
        .setExpirationTime('10m')
        .sign(privateKey);
      return ask(PERSON, { id: ME }, bearer(forged));
    },
    status: 401,
    code: 'UNAUTHENTICATED',
    reason: 'BAD_SIGNATURE',
  },
  {
    name: 'a token of another issuer',
    send: async () =>
      ask(
        PERSON,
        { id: ME },
        bearer(
          await new TokenIssuer(signingKey, 'someone-else', system.authentication.issuer.audience).mint({
            kind: 'citizen',
            citizenId: ME,
          }),
        ),
      ),
    status: 401,
    code: 'UNAUTHENTICATED',
    reason: 'WRONG_ISSUER_OR_AUDIENCE',
  },
  {
    name: 'a token for another audience',
    send: async () =>
      ask(
        PERSON,
        { id: ME },
        bearer(
          await new TokenIssuer(signingKey, system.authentication.issuer.issuer, 'another-graph').mint({
            kind: 'citizen',
            citizenId: ME,
          }),
        ),
      ),
    status: 401,
    code: 'UNAUTHENTICATED',
    reason: 'WRONG_ISSUER_OR_AUDIENCE',
  },
  {
    name: 'an unsigned token (alg none)',
    send: () => {
      const now = Math.floor(Date.now() / 1000);
      const claims = { sub: ME, iss: 'onething-dev', aud: 'onething', iat: now, exp: now + 600 };
      return ask(
        PERSON,
        { id: ME },
        bearer(`${base64url({ alg: 'none', typ: 'JWT' })}.${base64url(claims)}.`),
      );
    },
    status: 401,
    code: 'UNAUTHENTICATED',
    reason: 'MALFORMED',
  },
  {
    name: 'a token saying alg none with a signature part',
    send: () => {
      const now = Math.floor(Date.now() / 1000);
      const claims = {
        sub: 'staff:public-security',
        iss: 'onething-dev',
        aud: 'onething',
        iat: now,
        exp: now + 600,
      };
      return ask(PERSON, { id: ME }, bearer(`${base64url({ alg: 'none' })}.${base64url(claims)}.AAAA`));
    },
    status: 401,
    code: 'UNAUTHENTICATED',
    reason: 'MALFORMED',
  },
  {
    name: 'a token HMAC-signed with the public key as the secret (algorithm confusion)',
    send: async () => {
      const { x, y, crv, kty } = signingKey;
      const secret = new TextEncoder().encode(JSON.stringify({ crv, kty, x, y }));
      const forged = await new SignJWT({ iss: 'onething-dev', aud: 'onething' })
        .setProtectedHeader({ alg: 'HS256', kid: signingKey.kid as string })
        .setSubject('staff:public-security')
        .setIssuedAt()
        .setExpirationTime('10m')
        .sign(secret);
      return ask(PERSON, { id: ME }, bearer(forged));
    },
    status: 401,
    code: 'UNAUTHENTICATED',
    reason: 'MALFORMED',
  },
  {
    name: 'a garbage bearer token',
    send: () => ask(PERSON, { id: ME }, bearer('not.a.token; DROP TABLE persons')),
    status: 401,
    code: 'UNAUTHENTICATED',
    reason: 'MALFORMED',
  },
  {
    name: 'Basic credentials instead of a bearer token',
    send: () =>
      ask(PERSON, { id: ME }, { authorization: `Basic ${Buffer.from('admin:admin').toString('base64')}` }),
    status: 401,
    code: 'UNAUTHENTICATED',
    reason: 'MALFORMED',
  },
  {
    name: 'a correctly signed token whose subject is no known identity',
    send: async () => ask(PERSON, { id: ME }, bearer(await signed({ sub: 'root' }))),
    status: 401,
    code: 'UNAUTHENTICATED',
    reason: 'UNKNOWN_SUBJECT',
  },
  {
    name: 'a correctly signed token that never expires',
    send: async () => {
      const forever = await new SignJWT({ iss: 'onething-dev', aud: 'onething' })
        .setProtectedHeader({ alg: 'ES256', kid: signingKey.kid as string })
        .setSubject(ME)
        .setIssuedAt()
        .sign(await importJWK(signingKey, 'ES256'));
      return ask(PERSON, { id: ME }, bearer(forever));
    },
    status: 401,
    code: 'UNAUTHENTICATED',
  },
  {
    name: 'health staff reading a civil-affairs marriage registration',
    send: async () => ask(MARRIAGE, { id: OTHERS_MARRIAGE }, await as('staff:health:health:read')),
    status: 200,
    code: 'FORBIDDEN',
  },
  {
    name: 'civil-affairs staff reading a health birth record',
    send: async () => ask(BIRTH, { id: OTHERS_BIRTH }, await as('staff:civil-affairs:civil-affairs:read')),
    status: 200,
    code: 'FORBIDDEN',
  },
  {
    name: "health staff reading a person's public-security register entry",
    send: async () => ask(PERSON, { id: ME }, await as('staff:health:health:read')),
    status: 200,
    code: 'FORBIDDEN',
  },
  {
    name: "health staff reading an unregistered person's register entry",
    send: async () => ask(PERSON, { id: UNKNOWN_CITIZEN }, await as('staff:health:health:read')),
    status: 200,
    code: 'FORBIDDEN',
  },
  {
    name: "a hospital reading another hospital's birth record",
    send: async () => ask(BIRTH, { id: OTHERS_BIRTH }, await as('hospital:H500103-01')),
    status: 200,
    code: 'FORBIDDEN',
  },
  {
    name: 'no token at all, asking for personal data',
    send: () => ask(PERSON, { id: ME }),
    status: 200,
    code: 'UNAUTHENTICATED',
  },
];

/** Someone else's record and an unknown one, by kind: a citizen must get the same answer for both. */
const othersRecords = () => [
  { kind: 'profile', query: PERSON, others: SOMEONE_ELSE, unknown: UNKNOWN_CITIZEN },
  { kind: 'household', query: HOUSEHOLD, others: OTHERS_HOUSEHOLD, unknown: '500103-999999' },
  { kind: 'birth record', query: BIRTH, others: OTHERS_BIRTH, unknown: 'BR209901010001' },
  { kind: 'marriage', query: MARRIAGE, others: OTHERS_MARRIAGE, unknown: 'J500103-1999-999999' },
  { kind: 'application', query: APPLICATION, others: othersApplication, unknown: 'NB-20261120-7K3Q9X' },
];

const otherPeople: HostileCase[] = othersRecords().flatMap((_, index) =>
  (['others', 'unknown'] as const).map((which) => ({
    name: `a citizen asking for ${which === 'others' ? "someone else's" : 'an unknown'} ${['profile', 'household', 'birth record', 'marriage', 'application'][index]}`,
    send: async () => {
      const record = othersRecords()[index] as ReturnType<typeof othersRecords>[number];
      return ask(record.query, { id: record[which] }, await as(ME));
    },
    status: 200,
    code: 'FORBIDDEN',
    check: (answer: Answer) => expect(JSON.stringify(answer.data)).not.toMatch(/"id":"|"name":"/),
  })),
);

const injection: HostileCase[] = [
  ...[
    "Robert'); DROP TABLE persons;--",
    '<script>alert(1)</script>',
    "王小宝' OR '1'='1",
    '王\u0000小宝',
  ].map((childName) => ({
    name: `registerNewborn with the child name ${JSON.stringify(childName)}`,
    send: () => registerNewbornNamed(childName),
    status: 200,
    code: 'BAD_USER_INPUT',
    reason: 'FORMAT',
  })),
  {
    name: 'a citizen ID that is SQL',
    send: async () => ask(PERSON, { id: "' OR 1=1 --" }, await as(ME)),
    status: 200,
    code: 'BAD_USER_INPUT',
    reason: 'LENGTH',
  },
  {
    name: 'a household number with SQL appended',
    send: async () => ask(HOUSEHOLD, { id: `${MY_HOUSEHOLD}' OR '1'='1` }, await as(ME)),
    status: 200,
    code: 'BAD_USER_INPUT',
    reason: 'FORMAT',
  },
  {
    name: 'a division code that is a script',
    send: () =>
      ask('query Schools($code: String) { schools(divisionCode: $code) { name } }', {
        code: '<script>alert(1)</script>',
      }),
    status: 200,
    code: 'BAD_USER_INPUT',
    reason: 'FORMAT',
  },
  {
    name: 'an address change whose detail is over-long',
    send: async () =>
      ask(
        CHANGE_ADDRESS,
        {
          input: {
            householdId: MY_HOUSEHOLD,
            address: {
              divisionCode: '500112',
              street: '龙溪街道',
              community: '龙溪社区',
              detail: 'x'.repeat(201),
            },
            idempotencyKey: 'hostile-over-long-detail',
          },
        },
        await as(ME),
      ),
    status: 200,
    code: 'BAD_USER_INPUT',
    reason: 'LENGTH',
  },
];

const oversized: HostileCase[] = [
  {
    name: 'a query nested deeper than 12 levels',
    send: async () => ask(nested(8), { id: ME }, await as(ME)),
    status: 400,
    code: 'GRAPHQL_VALIDATION_FAILED',
    check: (answer) => expect(answer.errors?.[0]?.message).toMatch(/^查询嵌套深度超过上限 12/),
  },
  {
    name: 'a query with more than 20 aliases',
    send: () =>
      ask(
        `{ ${Array.from({ length: 50 }, (_, i) => `a${i}: schools(divisionCode: "500103") { name }`).join(' ')} }`,
      ),
    status: 400,
    code: 'GRAPHQL_VALIDATION_FAILED',
    check: (answer) => expect(answer.errors?.[0]?.message).toMatch(/^别名数量超过上限 20/),
  },
  {
    name: 'a document of more than 5000 tokens',
    send: () => ask(`{ ${Array.from({ length: 6000 }, () => '__typename').join(' ')} }`),
    status: 400,
    code: 'GRAPHQL_PARSE_FAILED',
  },
  {
    name: 'a query whose estimated cost is over 10000',
    send: async () => {
      const fields = Array.from({ length: 400 }, () => 'name citizenId').join(' ');
      let selection = fields;
      for (let i = 0; i < 3; i++) selection = `household { members { ${selection} } }`;
      return ask(
        `query Costly($id: CitizenId!) { person(citizenId: $id) { ${selection} } }`,
        { id: ME },
        await as(ME),
      );
    },
    status: 400,
    code: 'GRAPHQL_VALIDATION_FAILED',
    check: (answer) => expect(answer.errors?.[0]?.message).toMatch(/查询成本超过上限/),
  },
  {
    name: 'a query with more than 50 directives',
    send: () => ask(`{ __typename ${Array.from({ length: 60 }, () => '@skip(if: false)').join(' ')} }`),
    status: 400,
    code: 'GRAPHQL_VALIDATION_FAILED',
  },
  {
    name: 'twenty aliases of people() with one 500-ID variable (10,000 look-ups in an 11 KB request)',
    send: async () =>
      ask(
        `query People($ids: [CitizenId!]!) { ${Array.from({ length: 20 }, (_, i) => `p${i}: people(citizenIds: $ids) { name }`).join(' ')} }`,
        { ids: Array.from({ length: 500 }, () => ME) },
        await as(AUDITOR),
      ),
    status: 400,
    code: 'BAD_USER_INPUT',
    reason: 'MAX_IDS_PER_OPERATION',
  },
  {
    name: 'people() with 501 citizen IDs (at most 500 IDs per operation at the gateway)',
    send: async () =>
      ask(
        'query People($ids: [CitizenId!]!) { people(citizenIds: $ids) { name } }',
        { ids: Array.from({ length: 501 }, () => ME) },
        await as(AUDITOR),
      ),
    status: 400,
    code: 'BAD_USER_INPUT',
    reason: 'MAX_IDS_PER_OPERATION',
  },
  {
    name: 'variables making the body larger than 256 KiB',
    send: () =>
      post(JSON.stringify({ query: PERSON, variables: { id: ME, padding: 'x'.repeat(300 * 1024) } })),
    status: 413,
    code: 'PAYLOAD_TOO_LARGE',
  },
  {
    name: 'a 200 KB child name, inside the body limit',
    send: () => registerNewbornNamed('王'.repeat(60_000)),
    status: 200,
    code: 'BAD_USER_INPUT',
    reason: 'FORMAT',
  },
  {
    name: 'a batch of two operations (batching is off)',
    send: () => post(JSON.stringify([{ query: '{ __typename }' }, { query: '{ __typename }' }])),
    status: 400,
    code: 'BAD_REQUEST',
    check: (answer) => expect(answer.errors?.[0]?.message).toMatch(/batching/i),
  },
  {
    name: 'a flood of 1000 batched registerNewborn operations',
    send: async () => {
      const operation = { query: REGISTER_NEWBORN, variables: { input: { birthRecordId: OTHERS_BIRTH } } };
      return post(JSON.stringify(Array.from({ length: 1000 }, () => operation)), {
        ...JSON_TYPE,
        ...(await as(ME)),
      });
    },
    status: 400,
    code: 'BAD_REQUEST',
  },
  {
    name: 'a batch flood larger than the body limit',
    send: () => post(JSON.stringify(Array.from({ length: 20_000 }, () => ({ query: '{ __typename }' })))),
    status: 413,
    code: 'PAYLOAD_TOO_LARGE',
  },
];

const malformedHttp: HostileCase[] = [
  {
    name: 'malformed JSON',
    send: () => post('{"query": "{ __typename }"'),
    status: 400,
    code: 'BAD_REQUEST',
  },
  { name: 'an empty JSON body', send: () => post(''), status: 400, code: 'BAD_REQUEST' },
  {
    name: 'JSON with a __proto__ key (prototype poisoning)',
    send: () => post('{"query": "{ __typename }", "__proto__": {"isAdmin": true}}'),
    status: 400,
    code: 'BAD_REQUEST',
  },
  {
    name: 'a JSON string as the body',
    send: () => post('"{ __typename }"'),
    status: 400,
    code: 'BAD_REQUEST',
  },
  {
    name: 'a text/plain body (a cross-site form could send it)',
    send: () => post(JSON.stringify({ query: '{ __typename }' }), { 'content-type': 'text/plain' }),
    status: 400,
    code: 'BAD_REQUEST',
  },
  {
    name: 'a form-urlencoded body',
    send: () => post('query=%7B__typename%7D', { 'content-type': 'application/x-www-form-urlencoded' }),
    status: 415,
    code: 'UNSUPPORTED_MEDIA_TYPE',
  },
  {
    name: 'a multipart body (uploads are not accepted)',
    send: () => {
      const form = new FormData();
      form.set('operations', JSON.stringify({ query: '{ __typename }' }));
      return send(gatewayUrl(), {
        method: 'POST',
        body: form,
        headers: { 'apollo-require-preflight': 'true' },
      });
    },
    status: 415,
    code: 'UNSUPPORTED_MEDIA_TYPE',
  },
  {
    name: 'a body without a content-type',
    send: () =>
      send(gatewayUrl(), {
        method: 'POST',
        body: new TextEncoder().encode(JSON.stringify({ query: '{ __typename }' })),
      }),
    status: 415,
    code: 'UNSUPPORTED_MEDIA_TYPE',
  },
  {
    name: 'a mutation sent with GET',
    send: async () => {
      const url = new URL(gatewayUrl());
      url.searchParams.set('query', 'mutation { revokeConsent(id: "x") { id } }');
      return send(url.href, { headers: { 'apollo-require-preflight': 'true', ...(await as(ME)) } });
    },
    status: 405,
    code: 'BAD_REQUEST',
    check: (answer) => expect(answer.headers.get('allow')).toBe('POST'),
  },
  {
    name: 'a GET without a header forcing a CORS preflight (cross-site request forgery)',
    send: () => {
      const url = new URL(gatewayUrl());
      url.searchParams.set('query', '{ __typename }');
      return send(url.href, {});
    },
    status: 400,
    code: 'BAD_REQUEST',
    check: (answer) => expect(answer.errors?.[0]?.message).toMatch(/Cross-Site Request Forgery/),
  },
  {
    name: 'an operation name the document does not hold',
    send: () => post(JSON.stringify({ query: 'query Mine { __typename }', operationName: 'Theirs' })),
    status: 400,
    code: 'OPERATION_RESOLUTION_FAILURE',
  },
  {
    name: 'two operations and no operation name',
    send: () => post(JSON.stringify({ query: 'query A { __typename } query B { __typename }' })),
    status: 400,
    code: 'OPERATION_RESOLUTION_FAILURE',
  },
  {
    name: 'a query that is not a string',
    send: () => post('{"query": 42}'),
    status: 400,
    code: 'BAD_REQUEST',
  },
  {
    name: 'variables that are a string',
    send: () => post(JSON.stringify({ query: PERSON, variables: JSON.stringify({ id: ME }) })),
    status: 400,
    code: 'BAD_REQUEST',
  },
  { name: 'a body without a query', send: () => post('{"variables": {}}'), status: 400, code: 'BAD_REQUEST' },
  {
    name: 'a document with a syntax error',
    send: () => ask('{ person(citizenId: ) }'),
    status: 400,
    code: 'GRAPHQL_PARSE_FAILED',
  },
  {
    // The gateway passes custom scalars through; public security refuses the value for the field.
    name: 'an object where a citizen ID is expected (operator injection)',
    send: async () => ask(PERSON, { id: { $ne: null } }, await as(ME)),
    status: 200,
    code: 'BAD_USER_INPUT',
  },
  {
    name: 'a required variable left out',
    send: async () => ask(PERSON, {}, await as(ME)),
    status: 400,
    code: 'BAD_USER_INPUT',
  },
  {
    name: 'a variable of the wrong built-in type',
    send: () =>
      ask('query Schools($code: String) { schools(divisionCode: $code) { name } }', {
        code: { nested: [1, 2] },
      }),
    status: 400,
    code: 'BAD_USER_INPUT',
  },
];

const schemaBoundaries: HostileCase[] = [
  {
    name: 'a department act (registerBirth) sent to the gateway',
    send: async () => ask(REGISTER_BIRTH, { input: BIRTH_REGISTRATION }, await as(ME)),
    status: 400,
    code: 'GRAPHQL_VALIDATION_FAILED',
  },
  {
    name: 'a department act (issueBirthCertificate) sent to the gateway',
    send: async () =>
      ask(
        'mutation { issueBirthCertificate(birthRecordId: "BR202609060001", childName: "王小宝", idempotencyKey: "k") { number } }',
        {},
        await as(ME),
      ),
    status: 400,
    code: 'GRAPHQL_VALIDATION_FAILED',
  },
  {
    name: 'the internal access grant asked for through the gateway',
    send: async () =>
      ask(
        'query Grant($id: CitizenId!) { person(citizenId: $id) { accessGrant } }',
        { id: ME },
        await as(ME),
      ),
    status: 400,
    code: 'GRAPHQL_VALIDATION_FAILED',
  },
  {
    name: 'the federation _entities field asked for through the gateway',
    send: () =>
      ask(
        'query { _entities(representations: [{ __typename: "Person", citizenId: "500103198910149170" }]) { __typename } }',
      ),
    status: 400,
    code: 'GRAPHQL_VALIDATION_FAILED',
  },
  {
    name: 'registerBirth sent straight to the public-security subgraph with a citizen’s own token',
    send: async () =>
      ask(REGISTER_BIRTH, { input: BIRTH_REGISTRATION }, await as(ME), subgraphUrl('public-security')),
    status: 401,
    code: 'UNAUTHENTICATED',
  },
  {
    name: 'issueBirthCertificate sent straight to the health subgraph with a parent’s own token',
    send: async () =>
      ask(
        'mutation Issue($id: ID!) { issueBirthCertificate(birthRecordId: $id, childName: "王小宝", idempotencyKey: "hostile-issue") { number } }',
        { id: OTHERS_BIRTH },
        await as(parentsOnReport(OTHERS_BIRTH).mother as string),
        subgraphUrl('health'),
      ),
    status: 401,
    code: 'UNAUTHENTICATED',
  },
];

const productionMode: HostileCase[] = [
  {
    name: 'introspection of the schema in production',
    send: () => ask('{ __schema { types { name } } }', {}, {}, productionUrl),
    status: 400,
    code: 'GRAPHQL_VALIDATION_FAILED',
    check: (answer) => expect(answer.errors?.[0]?.message).toMatch(/introspection/i),
  },
  {
    name: 'introspection of one type in production',
    send: () => ask('{ __type(name: "Person") { fields { name } } }', {}, {}, productionUrl),
    status: 400,
    code: 'GRAPHQL_VALIDATION_FAILED',
  },
  {
    name: 'a misspelt field in production (no suggestion of the right one)',
    send: () => ask('{ schol(id: "x") { name } }', {}, {}, productionUrl),
    status: 400,
    code: 'GRAPHQL_VALIDATION_FAILED',
    check: (answer) => expect(answer.text).not.toMatch(/did you mean|school/i),
  },
  {
    name: 'a department act in production (no suggestion of registerNewborn)',
    send: () => ask('mutation { registerBirth { citizenId } }', {}, {}, productionUrl),
    status: 400,
    code: 'GRAPHQL_VALIDATION_FAILED',
    check: (answer) => expect(answer.text).not.toMatch(/did you mean|registerNewborn/i),
  },
  {
    name: 'the landing page asked for in production',
    send: () => send(productionUrl, { headers: { accept: 'text/html' } }),
    status: 400,
    code: 'BAD_REQUEST',
    check: (answer) => expect(answer.headers.get('content-type')).not.toMatch(/html/),
  },
];

const catalogue = [
  ...badTokens,
  ...otherPeople,
  ...injection,
  ...oversized,
  ...malformedHttp,
  ...schemaBoundaries,
  ...productionMode,
];

/** Rows of every table of every department store, hashed, and the service-center's applications. */
async function storeState(): Promise<Record<string, string>> {
  const state: Record<string, string> = {};
  for (const [department, { server }] of system.departmentSystems) {
    const tables = server.db
      .prepare(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT IN ('audit_log', 'sqlite_sequence')",
      )
      .all() as Array<{ name: string }>;
    for (const { name } of tables) {
      const rows = server.db.prepare(`SELECT * FROM "${name}"`).all();
      state[`${department}.${name}`] =
        `${rows.length} ${createHash('sha256').update(JSON.stringify(rows)).digest('hex')}`;
    }
  }
  const metrics = await (await fetch(subgraphUrl('service-center').replace(/graphql$/, 'metrics'))).text();
  state['service-center.applications'] = metrics
    .split('\n')
    .filter((line) => line.startsWith('onething_applications{'))
    .join('\n');
  return state;
}

/** Every server of the system and both extra gateways, by name, with its `/health` URL. */
function healthUrls(): Record<string, string> {
  const urls: Record<string, string> = {
    gateway: gatewayUrl().replace(/graphql$/, 'health'),
    'production gateway': productionUrl.replace(/graphql$/, 'health'),
    'rate-limited gateway': limitedUrl.replace(/graphql$/, 'health'),
  };
  for (const [name, { url }] of system.departmentSystems) urls[`${name} API`] = `${url}/health`;
  for (const [name, { url }] of system.subgraphs)
    urls[`${name} subgraph`] = url.replace(/graphql$/, 'health');
  return urls;
}

beforeAll(async () => {
  system = await startTestSystem();
  signingKey = system.authentication.keys.identityProvider.privateKey;
  const shared = {
    supergraph: readFileSync(SUPERGRAPH_FILE, 'utf8'),
    subgraphUrls: Object.fromEntries([...system.subgraphs].map(([name, s]) => [name, s.url])),
    trust: system.authentication.trustFor('gateway'),
  };
  production = await buildGateway({ ...shared, production: true, corsOrigins: [ALLOWED_ORIGIN] });
  productionUrl = `${await production.app.listen({ port: 0, host: '127.0.0.1' })}/graphql`;
  limited = await buildGateway({ ...shared, rateLimit: { perMinute: 3 } });
  limitedUrl = `${await limited.app.listen({ port: 0, host: '127.0.0.1' })}/graphql`;
  // Another family's application: its parents are not married, so it is rejected before any act.
  const rejected = await registerNewborn(
    gatewayUrl(),
    system.authentication.issuer,
    scenarios.birthRecords.parentsNotMarried,
  );
  othersApplication = rejected.data?.registerNewborn.application.id as string;
  expect(othersApplication).toMatch(/^NB-/);
  before = await storeState();
});

afterAll(async () => {
  await production?.app.close();
  await limited?.app.close();
  await system?.stop();
});

describe('hostile and malformed requests', () => {
  it('are at least 40', () => {
    expect(catalogue.length).toBeGreaterThanOrEqual(40);
  });

  it.each(catalogue)('$name → $status $code', async (hostile) => {
    const answer = await hostile.send();
    expect({ status: answer.status, code: answer.errors?.[0]?.extensions?.code }).toEqual({
      status: hostile.status,
      code: hostile.code,
    });
    if (hostile.reason) expect(answer.errors?.[0]?.extensions?.reason).toBe(hostile.reason);
    expect(answer.headers.get('content-type')).toMatch(/^application\/(graphql-response\+)?json/);
    // Nothing of the servers' insides: no stack trace, no source path, no SQL error.
    expect(answer.text).not.toMatch(/stacktrace|\.ts:\d+|node_modules|SQLITE|at async /i);
    hostile.check?.(answer);
  });

  it("answers someone else's record and an unknown one identically", async () => {
    const headers = await as(ME);
    for (const record of othersRecords()) {
      const [others, unknown] = await Promise.all([
        ask(record.query, { id: record.others }, headers),
        ask(record.query, { id: record.unknown }, headers),
      ]);
      expect({ kind: record.kind, ...unknown, headers: undefined, text: undefined }).toEqual({
        kind: record.kind,
        ...others,
        headers: undefined,
        text: undefined,
      });
    }
  });

  it.each(['staff:health:health:read', 'staff:public-security:public-security:write'])(
    'answers %s a registered and an unregistered person identically: no existence oracle',
    async (clerk) => {
      const headers = await as(clerk);
      const PEOPLE = 'query People($ids: [CitizenId!]!) { people(citizenIds: $ids) { name } }';
      const [registered, unregistered, many] = await Promise.all([
        ask(PERSON, { id: ME }, headers),
        ask(PERSON, { id: UNKNOWN_CITIZEN }, headers),
        ask(PEOPLE, { ids: [ME, UNKNOWN_CITIZEN] }, headers),
      ]);
      expect(registered.errors?.map((error) => error.extensions?.code)).toEqual(['FORBIDDEN']);
      expect({ ...unregistered, headers: undefined }).toEqual({ ...registered, headers: undefined });
      expect(many.data).toEqual({ people: [null, null] });
      const [first, second] = many.errors ?? [];
      expect({ ...second, path: undefined }).toEqual({ ...first, path: undefined });
    },
  );

  it('left every server answering and every store as it was', async () => {
    for (const [name, url] of Object.entries(healthUrls())) {
      expect({ name, status: (await fetch(url)).status }).toEqual({ name, status: 200 });
    }
    expect(await storeState()).toEqual(before);
  });
});

describe('hostile text in a household address', () => {
  // The detail of an address is free text (road, number, room): public security trims it, checks
  // its length and stores it with bound parameters, so hostile text is kept verbatim as data and
  // given back JSON-encoded, never interpreted.
  it('is stored verbatim and harmlessly by the head of the household', async () => {
    const detail = `3-1'); DROP TABLE households; --<script>alert("x")</script>`;
    const store = system.departmentSystems.get('public-security')?.server.db;
    if (!store) throw new Error('the public-security API did not start');
    const count = () => (store.prepare('SELECT COUNT(*) AS n FROM households').get() as { n: number }).n;
    const rows = count();
    const changed = await ask(
      CHANGE_ADDRESS,
      {
        input: {
          householdId: MY_HOUSEHOLD,
          address: { divisionCode: '500112', street: '龙溪街道', community: '龙溪社区', detail },
          idempotencyKey: 'hostile-detail-1',
        },
      },
      await as(ME),
    );
    expect(changed.errors).toBeUndefined();
    expect(changed.text).toContain(JSON.stringify(detail).slice(1, -1));
    const read = await ask(
      'query Household($id: ID!) { household(id: $id) { address { detail } } }',
      { id: MY_HOUSEHOLD },
      await as(ME),
    );
    expect(read.data).toEqual({ household: { address: { detail } } });
    expect(count()).toBe(rows);
  });
});

describe('CORS by allow-list', () => {
  const preflight = (url: string, origin: string) =>
    fetch(url, {
      method: 'OPTIONS',
      headers: {
        origin,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type, authorization',
      },
    });
  const fromOrigin = (url: string, origin: string) =>
    fetch(url, {
      method: 'POST',
      headers: { ...JSON_TYPE, origin },
      body: JSON.stringify({ query: '{ __typename }' }),
    });

  it('lets a local page call the development gateway, and no other origin', async () => {
    const local = await fromOrigin(gatewayUrl(), 'http://localhost:5173');
    expect(local.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    expect(local.headers.get('access-control-allow-credentials')).toBeNull();
    const other = await fromOrigin(gatewayUrl(), 'https://evil.example');
    expect(other.headers.get('access-control-allow-origin')).toBeNull();

    const allowed = await preflight(gatewayUrl(), 'http://127.0.0.1:3000');
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('access-control-allow-origin')).toBe('http://127.0.0.1:3000');
    expect(allowed.headers.get('access-control-allow-headers')).toMatch(/authorization/);
    expect(allowed.headers.get('access-control-allow-methods')).toBe('GET, POST');
    const refused = await preflight(gatewayUrl(), 'https://evil.example');
    expect(refused.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('lets only the configured origins call the production gateway', async () => {
    const allowed = await fromOrigin(productionUrl, ALLOWED_ORIGIN);
    expect(allowed.headers.get('access-control-allow-origin')).toBe(ALLOWED_ORIGIN);
    expect(allowed.headers.get('access-control-expose-headers')).toMatch(/x-request-id/);
    for (const origin of ['http://localhost:5173', `${ALLOWED_ORIGIN}.evil.example`, 'null']) {
      const refused = await fromOrigin(productionUrl, origin);
      expect({ origin, allow: refused.headers.get('access-control-allow-origin') }).toEqual({
        origin,
        allow: null,
      });
    }
  });
});

describe('rate limit per identity', () => {
  const SCHOOLS = '{ schools(divisionCode: "500103") { name } }';
  const other = SOMEONE_ELSE;

  it('answers 429 RATE_LIMITED to a caller over its budget, counting by verified subject, else by address', async () => {
    const mine = await as(ME);
    for (let i = 0; i < 3; i++) expect((await ask(SCHOOLS, {}, mine, limitedUrl)).status).toBe(200);

    const over = await send(limitedUrl, {
      method: 'POST',
      headers: { ...JSON_TYPE, ...mine, origin: 'http://localhost:5173' },
      body: JSON.stringify({ query: SCHOOLS }),
    });
    expect(over.status).toBe(429);
    expect(over.errors).toEqual([
      { message: expect.stringMatching(/每分钟最多 3 次/), extensions: { code: 'RATE_LIMITED' } },
    ]);
    expect(Number(over.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(over.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    // A new token of the same citizen does not start a new budget.
    expect((await ask(SCHOOLS, {}, await as(ME), limitedUrl)).status).toBe(429);

    // Forged tokens naming another citizen spend the sender's address budget, not that citizen's.
    const { privateKey } = await generateKeyPair('ES256');
    const forged = await new SignJWT({ iss: 'onething-dev', aud: 'onething' })
      .setProtectedHeader({ alg: 'ES256', kid: signingKey.kid as string })
      .setSubject(other)
      .setIssuedAt()
      .setExpirationTime('10m')
      .sign(privateKey);
    const forgedStatuses = [];
    for (let i = 0; i < 4; i++)
      forgedStatuses.push((await ask(SCHOOLS, {}, bearer(forged), limitedUrl)).status);
    expect(forgedStatuses).toEqual([401, 401, 401, 429]);
    expect((await ask(SCHOOLS, {}, {}, limitedUrl)).status).toBe(429);
    expect((await ask(SCHOOLS, {}, await as(other), limitedUrl)).status).toBe(200);
    const metrics = await (await fetch(limitedUrl.replace(/graphql$/, 'metrics'))).text();
    expect(metrics).toMatch(/onething_gateway_refused_total\{code="RATE_LIMITED",service="gateway"\} 4\n/);
  });

  it('never limits /health, /ready and /metrics', async () => {
    const base = limitedUrl.replace(/\/graphql$/, '');
    for (let i = 0; i < 5; i++) {
      for (const probe of ['health', 'ready', 'metrics']) {
        expect({ probe, status: (await fetch(`${base}/${probe}`)).status }).toEqual({ probe, status: 200 });
      }
    }
  });
});
