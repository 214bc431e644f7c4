/**
 * Chinese first: every message a citizen or clerk reads comes in Simplified Chinese unless the client
 * asks for English in `Accept-Language`; a language OneThing does not speak gets Chinese. Codes never
 * change with the language. Through the gateway, for its own refusals, a subgraph's, an errand's broken
 * rules and the reasons stored on an application's items.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSystem } from '../system/startSystem.ts';
import { bearer, parentsOnReport, registerNewborn } from './support/newborn.ts';
import { type GraphQLResponse, graphql, scenarios, startTestSystem } from './support/system.ts';

let system: RunningSystem;
let gateway: string;

beforeAll(async () => {
  system = await startTestSystem();
  gateway = system.gatewayUrl as string;
});

afterAll(async () => {
  await system?.stop();
});

/** The Accept-Language headers a client may send, and the language each gets. */
const ASKED = [
  { header: undefined, language: 'zh-CN' },
  { header: 'en-US', language: 'en' },
  { header: 'fr', language: 'zh-CN' },
  { header: 'fr-FR, en;q=0.5', language: 'en' },
] as const;

const acceptLanguage = (header: string | undefined): Record<string, string> =>
  header ? { 'accept-language': header } : {};

/** What must not change with the language: everything of the errors but their messages. */
const withoutMessages = (response: GraphQLResponse) =>
  response.errors?.map(({ message: _message, ...rest }) => rest);

describe('a refusal, in the language the client asks for', () => {
  it("the gateway's own: a malformed Authorization header", async () => {
    const answers = await Promise.all(
      ASKED.map(({ header }) =>
        graphql(gateway, '{ __typename }', {}, { authorization: 'Basic abc', ...acceptLanguage(header) }),
      ),
    );
    const messages = answers.map((answer) => answer.errors?.[0]?.message);
    expect(messages).toEqual([
      '未通过身份认证：Authorization 请求头须为 "Bearer <JWT>"',
      'not authenticated: the Authorization header must be "Bearer <JWT>"',
      '未通过身份认证：Authorization 请求头须为 "Bearer <JWT>"',
      'not authenticated: the Authorization header must be "Bearer <JWT>"',
    ]);
    for (const [index, answer] of answers.entries()) {
      expect(answer.status).toBe(401);
      expect(answer.headers.get('content-language')).toBe(ASKED[index]?.language);
      expect(withoutMessages(answer)).toEqual(withoutMessages(answers[0] as GraphQLResponse));
    }
    expect(answers[0]?.errors?.[0]?.extensions).toMatchObject({
      code: 'UNAUTHENTICATED',
      reason: 'MALFORMED',
      messageKey: 'auth.notAuthenticated',
    });
  });

  it("a subgraph's, forwarded the client's language by the gateway: a malformed application number", async () => {
    const mother = parentsOnReport(scenarios.birthRecords.eligible[0] as string).mother as string;
    const token = await bearer(system.authentication.issuer, mother);
    const answers = await Promise.all(
      ASKED.map(({ header }) =>
        graphql(gateway, '{ application(id: "nope") { id } }', {}, { ...token, ...acceptLanguage(header) }),
      ),
    );
    expect(answers.map((answer) => answer.errors?.[0]?.message)).toEqual([
      '申请编号形如 NB-20261120-7K3Q9X，收到 "nope"',
      'an application number looks like NB-20261120-7K3Q9X, got "nope"',
      '申请编号形如 NB-20261120-7K3Q9X，收到 "nope"',
      'an application number looks like NB-20261120-7K3Q9X, got "nope"',
    ]);
    for (const answer of answers) {
      expect(withoutMessages(answer)).toEqual(withoutMessages(answers[0] as GraphQLResponse));
    }
    expect(answers[0]?.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      reason: 'FORMAT',
      argument: 'id',
      department: 'service-center',
    });
  });
});

describe('an errand rejected on a rule, read in either language', () => {
  const APPLICATION = `query($id: ID!) { application(id: $id) {
    status items { step title status reason } rejections { rule department message }
  } }`;

  it("names the broken rule in Chinese by default and in English when asked, as stored on the application's items", async () => {
    const birthRecordId = scenarios.birthRecords.bornOverAYearAgo as string;
    const submitted = await registerNewborn(gateway, system.authentication.issuer, birthRecordId);
    expect(submitted.errors).toBeUndefined();
    const application = submitted.data?.registerNewborn.application;
    expect(application?.status).toBe('REJECTED');
    expect(application?.rejections).toEqual([
      {
        rule: 'CHILD_UNDER_ONE_YEAR',
        department: 'health',
        message: expect.stringMatching(/^孩子出生于 \d{4}-\d{2}-\d{2}，已超过一年；补办登记请到窗口办理$/),
      },
    ]);

    const token = await bearer(system.authentication.issuer, parentsOnReport(birthRecordId).mother as string);
    type Read = {
      application: {
        status: string;
        items: Array<{ step: string; title: string; status: string; reason: string | null }>;
        rejections: Array<{ rule: string; department: string; message: string }>;
      };
    };
    const read = (header?: string) =>
      graphql<Read>(gateway, APPLICATION, { id: application?.id }, { ...token, ...acceptLanguage(header) });
    const [zh, en, fr] = await Promise.all([read(), read('en-US'), read('fr')]);

    expect(en.data?.application.rejections).toEqual([
      {
        rule: 'CHILD_UNDER_ONE_YEAR',
        department: 'health',
        message: expect.stringMatching(
          /^the child was born on \d{4}-\d{2}-\d{2}, more than a year ago; late registration is done at the window$/,
        ),
      },
    ]);
    expect(fr.data).toEqual(zh.data);
    expect(zh.data?.application.rejections).toEqual(application?.rejections);

    // The reasons stored on the items: the check that found the rule broken, the acts skipped for it.
    const reasons = (answer: GraphQLResponse<Read>) =>
      Object.fromEntries((answer.data?.application.items ?? []).map((item) => [item.step, item.reason]));
    expect(reasons(zh).checkBirthRecord).toMatch(/^孩子出生于 .*，已超过一年/);
    expect(reasons(en).checkBirthRecord).toMatch(/^the child was born on .*, more than a year ago/);
    expect(reasons(zh).registerHukou).toBe('未办理：申请已被驳回');
    expect(reasons(en).registerHukou).toBe('not done: the application was rejected');
    const titles = (answer: GraphQLResponse<Read>) =>
      Object.fromEntries((answer.data?.application.items ?? []).map((item) => [item.step, item.title]));
    expect(titles(zh).registerHukou).toBe('出生户口登记');
    expect(titles(en).registerHukou).toBe('registering the birth in the hukou');
    // Nothing but the words differs.
    const shape = (answer: GraphQLResponse<Read>) =>
      answer.data?.application.items.map(({ step, status, reason }) => [step, status, reason === null]);
    expect(shape(en)).toEqual(shape(zh));
  });
});
