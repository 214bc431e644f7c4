/**
 * Progress pushed: a frontend subscribes to an application through the gateway with @apollo/client's
 * plain HttpLink (a multipart subscription, no extra link) and is told of each change until the errand
 * completes — with fields of other departments answered on every event — while nobody else may follow
 * the application, whether it exists or not.
 */
import { ApolloClient, gql, HttpLink, InMemoryCache } from '@apollo/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSystem } from '../system/startSystem.ts';
import { parentsOnReport } from './support/newborn.ts';
import { authorization, graphql, scenarios, startTestSystem } from './support/system.ts';

let system: RunningSystem;

beforeAll(async () => {
  system = await startTestSystem();
});

afterAll(async () => {
  await system?.stop();
});

async function clientOf(identity: string) {
  return new ApolloClient({
    link: new HttpLink({ uri: system.gatewayUrl, fetch, headers: await authorization(system, identity) }),
    cache: new InMemoryCache(),
  });
}

const PROGRESS = gql`
  subscription ApplicationProgress($id: ID!) {
    applicationProgress(id: $id) {
      id
      status
      items {
        title
        status
      }
      applicant {
        name
      }
    }
  }
`;

const REGISTER = gql`
  mutation Register($input: RegisterNewbornInput!) {
    registerNewborn(input: $input) {
      application {
        id
        status
      }
    }
  }
`;

const GRANT = gql`
  mutation Grant($input: GrantConsentInput!) {
    grantConsent(input: $input) {
      id
    }
  }
`;

interface Progress {
  applicationProgress: {
    id: string;
    status: string;
    items: { status: string }[];
    applicant: { name: string };
  };
}

/** Follows a subscription: every event, then how it ended. */
function follow(client: ApolloClient, variables: Record<string, unknown>) {
  const events: Progress[] = [];
  const errors: unknown[] = [];
  let announce: () => void = () => {};
  const ended = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no end after ${JSON.stringify(events)}`)), 30_000);
    const subscription = client.subscribe<Progress>({ query: PROGRESS, variables }).subscribe({
      next: (result) => {
        if (result.error) errors.push(result.error);
        if (result.data) events.push(result.data);
        announce();
      },
      error: (error) => {
        clearTimeout(timer);
        errors.push(error);
        resolve();
      },
      complete: () => {
        clearTimeout(timer);
        resolve();
      },
    });
    void subscription;
  });
  const nextEvent = (count: number) =>
    new Promise<void>((resolve) => {
      announce = () => events.length >= count && resolve();
      announce();
    });
  return { events, errors, ended, nextEvent };
}

const birth = scenarios.birthRecords.eligible.find(
  (id) =>
    !scenarios.birthRecords.twins.includes(id) &&
    id !== scenarios.birthRecords.parentInOtherProvince &&
    id !== scenarios.birthRecords.assistanceFamily,
) as string;
const { mother, father } = parentsOnReport(birth) as { mother: string; father: string };

describe('applicationProgress: progress pushed through the gateway', () => {
  it('tells the family each change as it happens, with other departments’ fields, and ends when the errand completes', async () => {
    const motherClient = await clientOf(mother);
    const registered = await motherClient.mutate<{
      registerNewborn: { application: { id: string; status: string } };
    }>({
      mutation: REGISTER,
      variables: { input: { birthRecordId: birth, childName: '陈思远', household: 'MOTHER' } },
    });
    const application = registered.data?.registerNewborn.application;
    expect(application?.status).toBe('AWAITING_CONSENT');

    const progress = follow(motherClient, { id: application?.id });
    await progress.nextEvent(1);
    expect(progress.events[0]?.applicationProgress).toMatchObject({
      id: application?.id,
      status: 'AWAITING_CONSENT',
      applicant: { name: expect.any(String) },
    });

    // The father consents; the errand carries on by itself, and the mother is told without asking.
    await (await clientOf(father)).mutate({
      mutation: GRANT,
      variables: { input: { granteeCitizenId: mother, purpose: 'NEWBORN_REGISTRATION', objectId: birth } },
    });
    await progress.ended;

    expect(progress.errors).toEqual([]);
    const statuses = progress.events.map((event) => event.applicationProgress.status);
    expect(statuses.at(-1)).toBe('COMPLETED');
    expect(statuses).toContain('IN_PROGRESS');
    // Each event differs from the one before: the gateway sends changes, not repeats.
    const answers = progress.events.map((event) => JSON.stringify(event));
    expect(new Set(answers).size).toBe(answers.length);
    // A department's field (the applicant's name, from public security) answered on every event.
    expect(progress.events.every((event) => event.applicationProgress.applicant.name.length > 0)).toBe(true);
    const last = progress.events.at(-1)?.applicationProgress;
    expect(last?.items.every((item) => ['DONE', 'SKIPPED'].includes(item.status))).toBe(true);
  });

  it('refuses anyone else the same way whether the application exists or not', async () => {
    const motherClient = await clientOf(mother);
    const mine = await motherClient.mutate<{ registerNewborn: { application: { id: string } } }>({
      mutation: REGISTER,
      variables: { input: { birthRecordId: birth, childName: '陈思远', household: 'MOTHER' } },
    });
    const stranger = await clientOf(scenarios.citizens.outOfProvince);
    const refusals = [];
    for (const id of [mine.data?.registerNewborn.application.id, 'NB-20261120-ZZZZZZ']) {
      const followed = follow(stranger, { id });
      await followed.ended;
      expect(followed.events).toEqual([]);
      refusals.push(JSON.stringify(followed.errors));
    }
    expect(refusals[0]).toContain('FORBIDDEN');
    expect(refusals[1]).toBe(refusals[0]);
  });

  it('answers a subscription without a multipart Accept with a clear code, and no token with UNAUTHENTICATED', async () => {
    const query = 'subscription { applicationProgress(id: "NB-20261120-000001") { id status } }';
    const plain = await graphql(system.gatewayUrl as string, query, {}, await authorization(system, mother));
    expect(plain.status).toBe(406);
    expect(plain.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_REQUEST',
      reason: 'SUBSCRIPTION_NEEDS_MULTIPART',
    });

    const anonymous = await fetch(system.gatewayUrl as string, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'multipart/mixed;subscriptionSpec=1.0' },
      body: JSON.stringify({ query }),
    });
    const body = (await anonymous.json()) as { errors: { extensions: { code: string } }[] };
    expect(body.errors[0]?.extensions.code).toBe('UNAUTHENTICATED');
  });
});
