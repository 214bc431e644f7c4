import nock from 'nock';
import { afterEach, describe, expect, it } from 'vitest';
import { Departments } from './departments.ts';
import type { Sender } from './errands/definition.ts';
import { StepError } from './errands/StepError.ts';
import { IssueBirthCertificateDocument, NewbornBirthRecordDocument } from './generated/health.generated.ts';

const URL = 'http://health.invalid/graphql';
const departments = new Departments((department) => (department === 'health' ? URL : undefined));
const sender: Sender = {
  errand: 'NEWBORN',
  name: 'readBirth',
  role: 'look-up',
  sends: [NewbornBirthRecordDocument],
};

afterEach(() => nock.cleanAll());

describe('Departments', () => {
  it('sends a declared operation as its printed text, once per document, and answers its data', async () => {
    const bodies: Array<{ query: string; variables: unknown }> = [];
    nock('http://health.invalid')
      .post('/graphql')
      .times(2)
      .reply(200, (_, body) => {
        bodies.push(body as { query: string; variables: unknown });
        return { data: { birthRecord: null } };
      });
    const caller = departments.of('health', { sender });
    expect(await caller.execute(NewbornBirthRecordDocument, { id: 'BR202610030001' })).toEqual({
      birthRecord: null,
    });
    await caller.execute(NewbornBirthRecordDocument, { id: 'BR202610030002' });
    expect(bodies[0]?.query).toMatch(
      /^query NewbornBirthRecord\(\$id: ID!\) \{\n {2}birthRecord\(id: \$id\) \{/,
    );
    expect(bodies[1]?.query).toBe(bodies[0]?.query);
    expect(bodies.map((body) => body.variables)).toEqual([
      { id: 'BR202610030001' },
      { id: 'BR202610030002' },
    ]);
  });

  it('refuses, without sending it, an operation its sender does not declare, naming both', async () => {
    const sent = nock('http://health.invalid').post('/graphql').reply(200, { data: {} });
    const refusal = departments
      .of('health', { sender })
      .execute(IssueBirthCertificateDocument, { id: 'BR202610030001', name: '王小宝', key: 'k' });
    await expect(refusal).rejects.toThrow(StepError);
    await expect(refusal).rejects.toMatchObject({
      code: 'UNDECLARED_OPERATION',
      transient: false,
      message:
        'the newborn errand, look-up readBirth sends IssueBirthCertificate to health without declaring it in its sends',
    });
    expect(sent.isDone()).toBe(false);
  });
});
