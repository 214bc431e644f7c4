/**
 * The client contract: a frontend written against the generated types of `schema/operations/` (with
 * @apollo/client, as a web or app team would) runs the newborn errand and follows its progress through
 * the gateway — with the safelist on, sending only the ids of the persisted documents `npm run codegen`
 * generated, as a production client does. If the graph stops answering what those types promise, or
 * the generated persisted documents stop being what the clients send, this fails.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  ApolloClient,
  ApolloLink,
  CombinedGraphQLErrors,
  gql,
  HttpLink,
  InMemoryCache,
} from '@apollo/client';
import { PersistedQueryLink } from '@apollo/client/link/persisted-queries';
import { type DocumentNode, Kind, print } from 'graphql';
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import { buildGateway, type Gateway } from '../gateway/server.ts';
import { parseCitizenId } from '../lib/citizenId.ts';
import {
  type ApplicationStatus,
  GrantConsentDocument,
  type ItemStatus,
  MyApplicationsDocument,
  RegisterNewbornDocument,
  type RegisterNewbornMutationVariables,
} from '../schema/operations/generated/graphql.ts';
import type { RunningSystem } from '../system/startSystem.ts';
import { SUPERGRAPH_FILE } from '../system/topology.ts';
import { eventually } from './support/eventually.ts';
import { parentsOnReport } from './support/newborn.ts';
import { OPERATIONS_DIR } from './support/operations.ts';
import { authorization, scenarios, startTestSystem } from './support/system.ts';

/** What `npm run codegen` generated, and the gateway's safelist reads. */
const GENERATED_DIR = path.join(OPERATIONS_DIR, 'generated');

/** Apollo's persisted-query manifest, as a frontend bundles it (or just its ids by name). */
const manifest = JSON.parse(
  readFileSync(path.join(GENERATED_DIR, 'persisted-query-manifest.json'), 'utf8'),
) as {
  operations: Array<{ id: string; name: string }>;
};
const idsByName = new Map(manifest.operations.map(({ name, id }) => [name, id]));

let system: RunningSystem;
let gateway: Gateway;
let gatewayUrl: string;

beforeAll(async () => {
  system = await startTestSystem({ withoutGateway: true });
  gateway = await buildGateway({
    supergraph: readFileSync(SUPERGRAPH_FILE, 'utf8'),
    subgraphUrls: Object.fromEntries([...system.subgraphs].map(([name, s]) => [name, s.url])),
    trust: system.authentication.trustFor('gateway'),
    safelistDir: GENERATED_DIR,
  });
  gatewayUrl = `${await gateway.app.listen({ port: 0, host: '127.0.0.1' })}/graphql`;
});

afterAll(async () => {
  await gateway?.app.close();
  await system?.stop();
});

/** The name of a document's one operation. */
function operationNameOf(document: DocumentNode): string {
  const operation = document.definitions.find((definition) => definition.kind === Kind.OPERATION_DEFINITION);
  if (!operation?.name) throw new Error('an operation sent by id must have a name');
  return operation.name.value;
}

/** Answers every request with what the browser-side code would see, counting the texts sent. */
const sentTexts: string[] = [];
const recordingFetch: typeof fetch = async (input, init) => {
  const body = JSON.parse(String(init?.body ?? '{}')) as { query?: string };
  if (body.query) sentTexts.push(body.query);
  return fetch(input, init);
};

/**
 * A signed-in citizen's client, as the frontend builds it after the citizen logs in: Apollo Client
 * sending each operation's id from the manifest (as `generatePersistedQueryIdsFromManifest` of
 * `@apollo/persisted-query-lists` does) and never its text. By default it would retry an unknown id
 * with the text; `retryWithText: false` makes any id the gateway does not know an error.
 */
async function clientOf(
  citizenId: string,
  options: { generateHash?: (document: DocumentNode) => string; retryWithText?: boolean } = {},
) {
  const persisted = new PersistedQueryLink({
    generateHash:
      options.generateHash ??
      ((document) => {
        const id = idsByName.get(operationNameOf(document));
        if (!id) throw new Error(`operation ${operationNameOf(document)} is not in the manifest`);
        return id;
      }),
    // Keep sending ids even if the gateway answers one unknown.
    disable: () => false,
    ...(options.retryWithText === false ? { retry: () => false } : {}),
  });
  return new ApolloClient({
    link: ApolloLink.from([
      persisted,
      new HttpLink({
        uri: gatewayUrl,
        fetch: recordingFetch,
        headers: await authorization(system, citizenId),
      }),
    ]),
    cache: new InMemoryCache(),
  });
}

/** The `extensions.code` of each GraphQL error Apollo Client threw. */
function codesOf(error: unknown): unknown[] {
  if (!CombinedGraphQLErrors.is(error)) throw error;
  return error.errors.map((graphQLError) => graphQLError.extensions?.code);
}

/** Plain families' births (both parents named, married, in Chongqing, no assistance), from the last. */
const births = scenarios.birthRecords.eligible
  .filter(
    (id) =>
      !scenarios.birthRecords.twins.includes(id) &&
      id !== scenarios.birthRecords.parentInOtherProvince &&
      id !== scenarios.birthRecords.assistanceFamily,
  )
  .reverse();

/** The mother and father a birth record names; the tests need both. */
function family(birthRecordId: string | undefined) {
  const { mother, father } = parentsOnReport(birthRecordId ?? '');
  if (!birthRecordId || !mother || !father) throw new Error(`no two-parent birth record ${birthRecordId}`);
  return { birthRecordId, mother, father };
}

/** The items' statuses that mean an item is settled for good in a completed application. */
const FINISHED: ItemStatus[] = ['DONE', 'SKIPPED'];

describe('a frontend on the generated types and persisted documents: the newborn errand and its progress', () => {
  it('the father consents, the mother applies, and her applications show the completed errand', async () => {
    const textsBefore = sentTexts.length;
    const { birthRecordId, mother, father } = family(births[0]);
    const fatherClient = await clientOf(father);
    const motherClient = await clientOf(mother);

    const consent = await fatherClient.mutate({
      mutation: GrantConsentDocument,
      variables: {
        input: { granteeCitizenId: mother, purpose: 'NEWBORN_REGISTRATION', objectId: birthRecordId },
      },
    });
    expect(consent.data?.grantConsent).toMatchObject({
      purpose: 'NEWBORN_REGISTRATION',
      status: 'GIVEN',
      grantor: { citizenId: father },
      grantee: { citizenId: mother },
    });

    const variables: RegisterNewbornMutationVariables = {
      input: { birthRecordId, childName: '陈语桐', household: 'MOTHER', idempotencyKey: 'contract-1' },
    };
    const registered = await motherClient.mutate({ mutation: RegisterNewbornDocument, variables });
    const application = registered.data?.registerNewborn.application;
    const newborn = registered.data?.registerNewborn.newborn;
    expectTypeOf(application?.status).toEqualTypeOf<ApplicationStatus | undefined>();

    expect(application?.status).toBe('COMPLETED');
    expect(application?.rejections).toEqual([]);
    expect(application?.tickets).toEqual([]);
    expect(application?.items.filter((item) => !FINISHED.includes(item.status))).toEqual([]);
    // Every department that has a part in the errand did it (a department that joins adds its own).
    expect([...new Set(application?.items.map((item) => item.department))]).toEqual(
      expect.arrayContaining(['health', 'public-security', 'civil-affairs', 'education', 'service-center']),
    );

    // The newborn as every department now knows it, under the citizen ID the hukou registration issued.
    expect(parseCitizenId(newborn?.citizenId ?? '')).toMatchObject({ ok: true });
    expect(newborn?.name).toBe('陈语桐');
    expect(application?.items.map((item) => item.reference)).toContain(newborn?.birthCertificate?.number);
    expect(newborn?.vaccinationRecord?.schedule.length).toBeGreaterThan(0);
    expect(newborn?.schoolAgeRegistration?.district.name).toBe(newborn?.household.schoolDistrict?.name);

    // Sending the same request again answers the same application: a child is never registered twice.
    const again = await motherClient.mutate({ mutation: RegisterNewbornDocument, variables });
    expect(again.data?.registerNewborn.application.id).toBe(application?.id);
    expect(again.data?.registerNewborn.newborn?.citizenId).toBe(newborn?.citizenId);

    const mine = await motherClient.query({
      query: MyApplicationsDocument,
      variables: { citizenId: mother },
    });
    const listed = mine.data?.person?.applications.filter((listedOne) => listedOne.id === application?.id);
    expect(listed).toEqual([
      expect.objectContaining({
        kind: 'NEWBORN',
        status: 'COMPLETED',
        submittedAt: application?.submittedAt,
      }),
    ]);
    expect(
      listed?.[0]?.items.map(({ title, department, status }) => ({ title, department, status })),
    ).toEqual(application?.items.map(({ title, department, status }) => ({ title, department, status })));
    // Every operation went by its id alone: the gateway knew each one.
    expect(sentTexts.slice(textsBefore)).toEqual([]);
  });

  it('an application sent before the consent waits for it, then completes, as the frontend polls its progress', async () => {
    const { birthRecordId, mother, father } = family(births[1]);
    const motherClient = await clientOf(mother);

    const registered = await motherClient.mutate({
      mutation: RegisterNewbornDocument,
      variables: { input: { birthRecordId, childName: '陈语安', household: 'MOTHER' } },
    });
    const waiting = registered.data?.registerNewborn;
    expect(waiting?.application.status).toBe('AWAITING_CONSENT');
    expect(new Set(waiting?.application.items.map((item) => item.status))).toEqual(new Set(['PENDING']));
    expect(waiting?.newborn).toBeNull();

    await (await clientOf(father)).mutate({
      mutation: GrantConsentDocument,
      variables: {
        input: { granteeCitizenId: mother, purpose: 'NEWBORN_REGISTRATION', objectId: birthRecordId },
      },
    });

    // The errand carries on by itself; the frontend polls the citizen's applications until it settles.
    const progress = async () => {
      const { data } = await motherClient.query({
        query: MyApplicationsDocument,
        variables: { citizenId: mother },
        fetchPolicy: 'network-only',
      });
      return data?.person?.applications.find((application) => application.id === waiting?.application.id);
    };
    let last: Awaited<ReturnType<typeof progress>>;
    const application = await eventually(
      async () => {
        last = await progress();
        return last && ['AWAITING_CONSENT', 'SUBMITTED', 'IN_PROGRESS'].includes(last.status)
          ? undefined
          : last;
      },
      { intervalMs: 100 },
      () => last?.status,
    );
    expect(application?.status).toBe('COMPLETED');
    expect(application?.items.filter((item) => !FINISHED.includes(item.status))).toEqual([]);
    expect(application?.tickets).toEqual([]);
  });
});

describe('the safelist as Apollo Client and the client preset meet it', () => {
  const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

  it('knows the SHA-256 of exactly what Apollo Client sends: the manifest bodies are byte for byte its own', async () => {
    const mother = family(births[2]).mother;
    // Apollo Client's own hashing (`sha256(print(query))` of the document after its transforms): an
    // id the gateway does not list would fail here instead of being retried with the text.
    const client = new ApolloClient({
      link: ApolloLink.from([
        new PersistedQueryLink({ sha256, disable: () => false, retry: () => false }),
        new HttpLink({
          uri: gatewayUrl,
          fetch: recordingFetch,
          headers: await authorization(system, mother),
        }),
      ]),
      cache: new InMemoryCache(),
    });
    const textsBefore = sentTexts.length;
    const { data } = await client.query({ query: MyApplicationsDocument, variables: { citizenId: mother } });
    expect(data?.person?.name).toEqual(expect.any(String));
    expect(sentTexts.slice(textsBefore)).toEqual([]);
  });

  it('answers an id it does not list with PERSISTED_QUERY_NOT_FOUND', async () => {
    const mother = family(births[2]).mother;
    const client = await clientOf(mother, {
      generateHash: () => sha256('query MyApplications { __typename }'),
      retryWithText: false,
    });
    const refused = await client
      .query({ query: MyApplicationsDocument, variables: { citizenId: mother } })
      .then(() => [], codesOf);
    expect(refused).toEqual(['PERSISTED_QUERY_NOT_FOUND']);
  });

  it('refuses an operation no frontend was built with: PERSISTED_QUERY_NOT_IN_SAFELIST, even sent in full', async () => {
    const mother = family(births[2]).mother;
    // Apollo's automatic persisted queries: the id (the SHA-256 of the text) is unknown, answered
    // PERSISTED_QUERY_NOT_FOUND, and the link sends it again with the text, which is not listed.
    const client = await clientOf(mother, { generateHash: (document) => sha256(print(document)) });
    const unlisted = gql`
      query EveryoneInMyHousehold($citizenId: CitizenId!) {
        person(citizenId: $citizenId) {
          household {
            members {
              citizenId
              name
              birthDate
            }
          }
        }
      }
    `;
    const textsBefore = sentTexts.length;
    const refused = await client
      .query({ query: unlisted, variables: { citizenId: mother } })
      .then(() => [], codesOf);
    expect(refused).toEqual(['PERSISTED_QUERY_NOT_IN_SAFELIST']);
    expect(sentTexts.slice(textsBefore)).toHaveLength(1);
  });

  it('runs a document by the client preset’s hash sent as documentId, as a graphql-request or fetch client does', async () => {
    const mother = family(births[2]).mother;
    const { __meta__ } = MyApplicationsDocument as unknown as { __meta__: { hash: string } };
    const response = await fetch(gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(await authorization(system, mother)) },
      body: JSON.stringify({ documentId: `sha256:${__meta__.hash}`, variables: { citizenId: mother } }),
    });
    const answer = (await response.json()) as { errors?: unknown; data?: { person: { name: string } } };
    expect(answer.errors).toBeUndefined();
    expect(answer.data?.person.name).toEqual(expect.any(String));
  });
});
