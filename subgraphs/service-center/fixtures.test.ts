import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { parse } from 'graphql';
import { afterEach, describe, expect, it } from 'vitest';
import { Departments } from './departments.ts';
import type { Sender } from './errands/definition.ts';
import { FakeDepartments, SUBGRAPH_URLS } from './fixtures.ts';
import {
  IssueBirthCertificateDocument,
  type IssueBirthCertificateMutationVariables,
} from './generated/health.generated.ts';

const departments = new Departments((department) => SUBGRAPH_URLS[department]);
/** A health act the way a newer health schema might have it: the argument renamed. */
const Renamed = parse(
  'mutation Renamed($id: ID!) { issueBirthCertificate(birthRecord: $id, childName: "王小宝", idempotencyKey: "k") { number } }',
) as TypedDocumentNode<{ issueBirthCertificate: { number: string } }, { id: string }>;
const sender: Sender = {
  errand: 'NEWBORN',
  name: 'issueBirthCertificate',
  role: 'step',
  sends: [Renamed, IssueBirthCertificateDocument],
};

let fakes: FakeDepartments | undefined;
afterEach(() => {
  try {
    fakes?.uninstall();
  } catch {
    // The breaches were the point of the test.
  }
});

describe('the faked departments', () => {
  it('answer an operation their subgraph schema takes, typed as generated', async () => {
    fakes = new FakeDepartments().install();
    const data = await departments
      .of('health', { sender })
      .execute(IssueBirthCertificateDocument, { id: 'BR202610030001', name: '王小宝', key: 'k' });
    expect(data.issueBirthCertificate.number).toBe('Q500012345');
    expect(fakes.contractBreaches).toEqual([]);
  });

  it("refuse, as the subgraph would, an operation the department's schema does not take, and fail the test", async () => {
    fakes = new FakeDepartments().install();
    const sent = departments.of('health', { sender }).execute(Renamed, { id: 'BR202610030001' });
    await expect(sent).rejects.toMatchObject({
      code: 'GRAPHQL_VALIDATION_FAILED',
      message:
        'Unknown argument "birthRecord" on field "Mutation.issueBirthCertificate". Did you mean "birthRecordId"?',
    });
    expect(fakes.contractBreaches).toEqual([
      expect.stringMatching(/^Renamed sent to health: Unknown argument "birthRecord"/),
    ]);
    expect(() => fakes?.uninstall()).toThrow(
      /the service-center sent what the departments' subgraph schemas refuse/,
    );
  });

  it('refuse variables the operation does not take', async () => {
    fakes = new FakeDepartments().install();
    const variables = { id: 'BR202610030001', key: 'k' } as IssueBirthCertificateMutationVariables;
    await expect(
      departments.of('health', { sender }).execute(IssueBirthCertificateDocument, variables),
    ).rejects.toMatchObject({ code: 'GRAPHQL_VALIDATION_FAILED' });
    expect(fakes.contractBreaches).toEqual([
      expect.stringMatching(
        /IssueBirthCertificate sent to health: Variable "\$name" of required type "String!" was not provided/,
      ),
    ]);
  });
});
