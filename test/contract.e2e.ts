/**
 * The client contract: a frontend written against the generated types of `schema/operations/` (with
 * @apollo/client, as a web or app team would) runs the newborn errand and follows its progress through
 * the gateway. If the graph stops answering what those types promise, this fails.
 */
import { ApolloClient, HttpLink, InMemoryCache } from '@apollo/client';
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
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
import { eventually } from './support/eventually.ts';
import { parentsOnReport } from './support/newborn.ts';
import { authorization, scenarios, startTestSystem } from './support/system.ts';

let system: RunningSystem;

beforeAll(async () => {
  system = await startTestSystem();
});

afterAll(async () => {
  await system?.stop();
});

/** A signed-in citizen's client, as the frontend builds it after the citizen logs in. */
async function clientOf(citizenId: string) {
  return new ApolloClient({
    link: new HttpLink({ uri: system.gatewayUrl, fetch, headers: await authorization(system, citizenId) }),
    cache: new InMemoryCache(),
  });
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

describe('a frontend on the generated types: the newborn errand and its progress', () => {
  it('the father consents, the mother applies, and her applications show the completed errand', async () => {
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
