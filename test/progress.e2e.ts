/**
 * Progress pushed: a frontend subscribes to an application through the gateway with @apollo/client's
 * plain HttpLink (a multipart subscription, no extra link) and is told of each change until the errand
 * completes — with fields of other departments answered on every event — while nobody else may follow
 * the application, whether it exists or not.
 */
import { ApolloClient, gql, HttpLink, InMemoryCache } from '@apollo/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseIdentity } from '../lib/auth/identity.ts';
import type { RunningSystem } from '../system/startSystem.ts';
import { parentsOnReport } from './support/newborn.ts';
import { authorization, graphql, scenarios, startTestSystem } from './support/system.ts';

let system: RunningSystem;

beforeAll(async () => {
  system = await startTestSystem({ gatewaySubscriptionsPerCaller: 2 });
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

const plainBirths = scenarios.birthRecords.eligible.filter(
  (id) =>
    !scenarios.birthRecords.twins.includes(id) &&
    id !== scenarios.birthRecords.parentInOtherProvince &&
    id !== scenarios.birthRecords.assistanceFamily,
);
const birth = plainBirths[0] as string;
const { mother, father } = parentsOnReport(birth) as { mother: string; father: string };

/** A subscription POSTed as a browser would, its answer read as text until it ends or is aborted. */
async function subscribeRaw(headers: Record<string, string>, id: string, signal?: AbortSignal) {
  const response = await fetch(system.gatewayUrl as string, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'multipart/mixed;subscriptionSpec=1.0',
      ...headers,
    },
    body: JSON.stringify({
      query: 'subscription ($id: ID!) { applicationProgress(id: $id) { status } }',
      variables: { id },
    }),
    signal,
  });
  return response;
}

/** The parts of a multipart answer read so far, heartbeats included. */
function partsOf(
  text: string,
): Array<{ payload?: unknown; errors?: Array<{ extensions?: Record<string, unknown> }> }> {
  return text
    .split('\r\n--graphql')
    .slice(1)
    .map((part) => part.split('\r\n\r\n')[1])
    .filter((json): json is string => Boolean(json))
    .map((json) => JSON.parse(json));
}

/** An application of a second family left waiting for the other parent's consent. */
async function waitingApplication(): Promise<{ id: string; applicant: string }> {
  const other = plainBirths[1] as string;
  const parents = parentsOnReport(other) as { mother: string };
  const registered = await (await clientOf(parents.mother)).mutate<{
    registerNewborn: { application: { id: string; status: string } };
  }>({
    mutation: REGISTER,
    variables: { input: { birthRecordId: other, childName: '李安然', household: 'MOTHER' } },
  });
  const application = registered.data?.registerNewborn.application;
  expect(application?.status).toBe('AWAITING_CONSENT');
  return { id: application?.id as string, applicant: parents.mother };
}

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

  it('lets one caller hold only so many subscriptions open at once, and one more once one closes', async () => {
    const { id, applicant } = await waitingApplication();
    const headers = await authorization(system, applicant);
    const held = [new AbortController(), new AbortController()];
    const open = await Promise.all(held.map((controller) => subscribeRaw(headers, id, controller.signal)));
    expect(open.map((response) => response.status)).toEqual([200, 200]);

    const third = await subscribeRaw(headers, id);
    expect(third.status).toBe(429);
    expect(
      ((await third.json()) as { errors: Array<{ extensions: unknown }> }).errors[0]?.extensions,
    ).toMatchObject({
      code: 'RATE_LIMITED',
      reason: 'TOO_MANY_SUBSCRIPTIONS',
    });

    held[0]?.abort();
    await expect
      .poll(async () => {
        const again = await subscribeRaw(headers, id, held[0]?.signal.aborted ? undefined : held[0]?.signal);
        const status = again.status;
        await again.body?.cancel();
        return status;
      })
      .toBe(200);
    held[1]?.abort();
  });

  it('ends a subscription when the token it was opened with expires, so the client subscribes again', async () => {
    const { id, applicant } = await waitingApplication();
    const token = await system.authentication.issuer.mint(parseIdentity(applicant), { ttlSeconds: 2 });
    const response = await subscribeRaw({ authorization: `Bearer ${token}` }, id);
    expect(response.status).toBe(200);
    const text = await response.text(); // Ends by itself once the token has expired.
    const parts = partsOf(text);
    expect(parts.filter((part) => part.payload)).toEqual([
      { payload: { data: { applicationProgress: { status: 'AWAITING_CONSENT' } } } },
    ]);
    expect(parts.at(-1)).toMatchObject({
      payload: null,
      errors: [{ extensions: { code: 'UNAUTHENTICATED', reason: 'TOKEN_EXPIRED' } }],
    });
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
