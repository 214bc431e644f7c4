/**
 * The shared test suite of `Person.<department>DataUses` (see `dataUses.ts`): who may read a person's
 * audit log in one department, what they see, and what reaches the department. Every department that
 * answers the field runs it from its own `dataUses.test.ts` with {@link describeDataUses}, so the rules
 * are proved the same way everywhere and a department adds only what is its own.
 *
 * The department system is faked with nock at a host that can never resolve, and records whom its audit
 * log is asked about: a refusal must not even reach it.
 */
import nock from 'nock';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AnonymousIdentity, Identity } from '../../lib/auth/identity.ts';
import { maskCitizenId } from '../../lib/citizenId.ts';
import type { SubgraphServer } from './server.ts';
import {
  citizen,
  createTestAuthentication,
  executeOperation,
  serviceCenterFor,
  staff,
  type TestAuthentication,
} from './testing.ts';

/** Whoever reads in a data-uses test; `null` is the anonymous caller. */
export type DataUsesReader = Exclude<Identity, AnonymousIdentity> | null;

/** One department's part in the data-uses suite. */
export interface DataUsesSuiteOptions {
  /** The department as errors and staff scopes name it, e.g. `civil-affairs`. */
  department: string;
  /** The `Person` field under test, e.g. `civilAffairsDataUses`. */
  field: string;
  /** The base URL the department's subgraph calls and nock fakes; use the `.invalid` TLD. */
  apiUrl: string;
  /** Builds the department's subgraph against `apiUrl`, trusting the test keys and grant secret. */
  buildSubgraph(auth: TestAuthentication): Promise<SubgraphServer>;
  /**
   * The citizens of the test: `subject`, whose log is read; `other`, the other citizen it names (who
   * must arrive masked); `minor`, a child with a one-entry log.
   */
  people: { subject: string; other: string; minor: string };
  /**
   * Relatives who may read the records but not the log: a parent of `people.minor` and a household
   * member of `people.subject`. Each is refused the log all the same.
   */
  relatives: { parentOfMinor: string; householdMember: string };
  /**
   * How relatives reach the records: on public security's `grant` in the representation (the
   * default), or, in public security itself, on its own `register`, with no grant sent.
   */
  relativesReadBy?: 'grant' | 'register';
  /**
   * Fakes whatever else of the department system the person needs to resolve (public security's register),
   * for every test, the failing audit log included. Default: nothing.
   */
  fakeRecords?(): void;
  /** Further callers refused with FORBIDDEN: [what they are, the caller, whose log they ask for]. */
  moreRefusals?: Array<[string, Exclude<Identity, AnonymousIdentity>, string]>;
  /** The department call the fake log records. Default `POST /v1/people/batch-get`. */
  auditedAction?: string;
}

const AT = '2026-11-20T02:15:07.123Z';
const APPLICATION = 'application NB-20261120-000001';

/** Registers the `Person.<field>` suite for one department in the calling test file. */
export function describeDataUses(options: DataUsesSuiteOptions): void {
  const { department, field, apiUrl, people, relatives } = options;
  const { subject, other, minor } = people;
  const action = options.auditedAction ?? 'POST /v1/people/batch-get';
  const byGrant = (options.relativesReadBy ?? 'grant') === 'grant';

  const entry = (actor: string, extra: Record<string, unknown> = {}) => ({
    at: AT,
    department,
    actor,
    actingFor: null,
    purpose: 'operation CitizenProfile',
    action,
    subjects: [subject],
    outcome: 200,
    requestId: 'req-1',
    ...extra,
  });
  /** The subject's log, newest first: the service center for the other, the other, a clerk, herself. */
  const subjectLog = [
    entry('service:service-center', { actingFor: other, purpose: APPLICATION }),
    entry(other, { subjects: [other, subject] }),
    entry(`staff:${department}`, { purpose: 'operation ClerkLookup' }),
    entry(subject, { outcome: 403, purpose: null }),
  ];
  const logs: Record<string, unknown[]> = { [subject]: subjectLog, [minor]: [entry(other)] };

  /** The ids of every audit look-up, in order: whom the department's log was asked about. */
  let auditCalls: string[][];
  let auth: TestAuthentication;
  let subgraph: SubgraphServer;

  function fakeDepartment(audit: 'up' | 'down' = 'up'): void {
    options.fakeRecords?.();
    const scope = nock(apiUrl).persist().post('/v1/audit/by-subject');
    if (audit === 'down') {
      scope.reply(503, 'unavailable');
      return;
    }
    scope.reply(200, (_, body) => {
      const { ids } = body as { ids: string[] };
      auditCalls.push(ids);
      return { items: ids.map((citizenId) => ({ citizenId, entries: logs[citizenId] ?? [] })) };
    });
  }

  const query = `query($representations: [_Any!]!) {
    _entities(representations: $representations) {
      ... on Person { citizenId ${field} { department at who actingFor purpose action outcome } }
    }
  }`;

  /** Reads the data uses of `citizenIds` as `reader`, with a grant made out to `grantFor` when given. */
  async function readDataUses(reader: DataUsesReader, citizenIds: string[], grantFor?: string) {
    const representations = await Promise.all(
      citizenIds.map(async (citizenId) => ({
        __typename: 'Person',
        citizenId,
        ...(byGrant ? { accessGrant: grantFor ? await auth.grants.grant(grantFor, citizenId) : null } : {}),
      })),
    );
    const response = await executeOperation<{ _entities: Array<Record<string, unknown> | null> }>(
      subgraph.app,
      query,
      { representations },
      await auth.headersFor(reader),
    );
    return { response, uses: (index: number) => response.data?._entities[index]?.[field] };
  }

  describe(`Person.${field}`, () => {
    beforeAll(async () => {
      nock.disableNetConnect();
      auth = await createTestAuthentication();
      subgraph = await options.buildSubgraph(auth);
      auth.anonymousByDefault(subgraph.app);
    });

    beforeEach(() => {
      auditCalls = [];
    });

    afterEach(() => {
      nock.cleanAll();
    });

    afterAll(async () => {
      await subgraph.app.close();
      nock.enableNetConnect();
    });

    it('answers the person who used their data and why, other citizens masked', async () => {
      fakeDepartment();
      const { response, uses } = await readDataUses(citizen(subject), [subject]);
      expect(response.errors).toBeUndefined();
      const base = { department, at: AT, action };
      const masked = `citizen:${maskCitizenId(other)}`;
      expect(uses(0)).toEqual([
        { ...base, who: 'service:service-center', actingFor: masked, purpose: APPLICATION, outcome: 200 },
        { ...base, who: masked, actingFor: null, purpose: 'operation CitizenProfile', outcome: 200 },
        {
          ...base,
          who: `staff:${department}`,
          actingFor: null,
          purpose: 'operation ClerkLookup',
          outcome: 200,
        },
        { ...base, who: 'self', actingFor: null, purpose: null, outcome: 403 },
      ]);
      expect(JSON.stringify(response.data)).not.toContain(other);
      expect(auditCalls).toEqual([[subject]]);
    });

    it(`answers ${department} auditors about many people in one department call`, async () => {
      fakeDepartment();
      const { response } = await readDataUses(staff(department, `${department}:audit`), [
        subject,
        minor,
        other,
      ]);
      expect(response.errors).toBeUndefined();
      expect(response.data?._entities.map((person) => (person?.[field] as unknown[] | null)?.length)).toEqual(
        [4, 1, 0],
      );
      expect(auditCalls).toEqual([[subject, minor, other]]);
    });

    it('asks the department only about the people the caller may read', async () => {
      fakeDepartment();
      const { response, uses } = await readDataUses(citizen(subject), [subject, other]);
      expect(uses(0)).toHaveLength(4);
      expect(uses(1)).toBeNull();
      expect(response.errors?.map((error) => [error.path, error.extensions?.code])).toEqual([
        [['_entities', 1, field], 'FORBIDDEN'],
      ]);
      expect(auditCalls).toEqual([[subject]]);
    });

    const { parentOfMinor, householdMember } = relatives;
    /** Some other department, whose auditors audit only their own log. */
    const elsewhere = department === 'health' ? 'civil-affairs' : 'health';
    it.each<[string, DataUsesReader, string, string | undefined]>([
      [
        byGrant
          ? 'a parent holding a grant for their minor child'
          : 'a parent of a minor child, who may read its records',
        citizen(parentOfMinor),
        minor,
        byGrant ? parentOfMinor : undefined,
      ],
      [
        byGrant ? 'a household member holding a grant' : 'a household member, who may read the records',
        citizen(householdMember),
        subject,
        byGrant ? householdMember : undefined,
      ],
      [
        `${department} staff who may read the records but not audit them`,
        staff(department, `${department}:read`),
        subject,
        undefined,
      ],
      ['another department’s auditor', staff(elsewhere, `${elsewhere}:audit`), subject, undefined],
      ['the service center acting for the person', serviceCenterFor(subject), subject, undefined],
      ['a hospital', { kind: 'hospital', hospitalId: 'H500103001' }, subject, undefined],
      ...(options.moreRefusals ?? []).map(
        ([what, reader, whose]): [string, DataUsesReader, string, undefined] => [
          what,
          reader,
          whose,
          undefined,
        ],
      ),
    ])('refuses %s with FORBIDDEN, asking the audit log nothing', async (_, reader, whose, grantFor) => {
      fakeDepartment();
      const { response } = await readDataUses(reader, [whose], grantFor);
      expect(response.data?._entities[0]).toEqual({ citizenId: whose, [field]: null });
      expect(response.errors?.map((error) => error.extensions?.code)).toEqual(['FORBIDDEN']);
      expect(auditCalls).toEqual([]);
    });

    it('refuses an anonymous caller with UNAUTHENTICATED', async () => {
      fakeDepartment();
      const { response } = await readDataUses(null, [subject]);
      expect(response.errors?.map((error) => error.extensions?.code)).toEqual(['UNAUTHENTICATED']);
      expect(auditCalls).toEqual([]);
    });

    it('is null with DOWNSTREAM_SERVICE_ERROR when the audit log fails, and the person still arrives', async () => {
      fakeDepartment('down');
      const { response } = await readDataUses(citizen(subject), [subject]);
      expect(response.data?._entities[0]).toEqual({ citizenId: subject, [field]: null });
      expect(response.errors?.map((error) => [error.extensions?.code, error.extensions?.department])).toEqual(
        [['DOWNSTREAM_SERVICE_ERROR', department]],
      );
    });
  });
}
