import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readSupergraphConfig, SUPERGRAPH_FILE } from '../../system/topology.ts';
import { buildApiSchema } from './apiSchema.ts';
import { readSubgraphSchemas } from './composition.ts';
import { invalidOperations } from './operations.ts';
import {
  readServiceCenterOperations,
  sendersByOperation,
  serviceCenterOperationProblems,
  undeclaredOperations,
} from './serviceCenterOperations.ts';
import { departmentSubgraphSchemas } from './subgraphSchema.ts';

const schemas = departmentSubgraphSchemas(readSubgraphSchemas(readSupergraphConfig()));
const scratch = mkdtempSync(path.join(tmpdir(), 'onething-service-center-operations-'));

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A service-center folder holding `files` (paths relative to it). */
function serviceCenterWith(folder: string, files: Record<string, string>) {
  const dir = path.join(scratch, folder);
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
  return readServiceCenterOperations(dir);
}

describe("the service-center's operations", () => {
  const operations = readServiceCenterOperations();

  it('are one file per operation, in a folder named after the department it is sent to', () => {
    expect(operations.length).toBeGreaterThan(0);
    expect(operations.find((operation) => operation.name === 'IssueBirthCertificate')).toMatchObject({
      department: 'health',
      file: expect.stringMatching(
        /subgraphs\/service-center\/newborn\/operations\/health\/IssueBirthCertificate\.graphql$/,
      ),
    });
    // Every folder names a department subgraph of rover.yaml; a department no errand calls has none.
    const misplaced = operations.filter(({ department }) => !department || !schemas.has(department));
    expect(misplaced.map((operation) => operation.file)).toEqual([]);
  });

  it("all hold against their department's subgraph schema", () => {
    expect(serviceCenterOperationProblems(operations, schemas)).toEqual([]);
  });

  it('are each sent by the steps and look-ups that declare them, and by no other', () => {
    const senders = sendersByOperation();
    expect(undeclaredOperations(operations, senders)).toEqual([]);
    const named = (operation: string) =>
      senders.get(operation)?.map(({ errand, role, name }) => `${errand} ${role} ${name}`);
    expect(named('IssueBirthCertificate')).toEqual(['NEWBORN step issueBirthCertificate']);
    expect(named('NewbornBirthRecord')).toEqual([
      'NEWBORN look-up readBirth',
      'NEWBORN look-up checkConsentObject',
    ]);
    expect(named('AccessGrants')).toEqual([
      'SCHOOL_ENROLMENT step checkPriority',
      'SCHOOL_ENROLMENT step checkSchoolPlaces',
    ]);
    expect([...senders.keys()].sort()).toEqual(operations.map((operation) => operation.name).sort());
  });

  it('are checked against the subgraph schema, where the hidden acts and _entities are, not the API schema', () => {
    const api = buildApiSchema(readFileSync(SUPERGRAPH_FILE, 'utf8'));
    const asClients = invalidOperations(
      api,
      operations
        .filter((operation) => ['IssueBirthCertificate', 'NewbornFamily'].includes(operation.name))
        .map(({ name, file, source }) => ({ name, file, source })),
    );
    expect(asClients).toHaveLength(2);
    expect(asClients).toContainEqual({
      operation: 'IssueBirthCertificate',
      messages: [expect.stringMatching(/Cannot query field "issueBirthCertificate" on type "Mutation"/)],
    });
    expect(asClients).toContainEqual({
      operation: 'NewbornFamily',
      messages: [
        expect.stringMatching(/Unknown type "_Any"/),
        expect.stringMatching(/Cannot query field "_entities" on type "Query"/),
      ],
    });
  });

  it('fail a file out of place, for an unknown department, misnamed, doubled or not validating, naming each', () => {
    const found = serviceCenterWith('broken', {
      'newborn/Loose.graphql': 'query Loose { birthRecord(id: "BR202610030001") { id } }\n',
      'newborn/operations/tax-bureau/TaxNumber.graphql': 'query TaxNumber { taxNumber }\n',
      'newborn/operations/health/Misnamed.graphql': 'query SomethingElse { birthRecord(id: "x") { id } }\n',
      'newborn/operations/health/Twice.graphql': 'query Twice { birthRecord(id: "x") { id } }\n',
      'enrolment/operations/health/Twice.graphql': 'query Twice { birthRecord(id: "x") { id } }\n',
      'newborn/operations/health/Renamed.graphql':
        'mutation Renamed($id: ID!) {\n  issueBirthCertificate(birthRecord: $id, childName: "王小宝", idempotencyKey: "k") { number }\n}\n',
    });
    const problems = serviceCenterOperationProblems(found, schemas);
    const byFile = Object.fromEntries(problems.map((problem) => [problem.file.split('broken/')[1], problem]));
    expect(Object.keys(byFile).sort()).toEqual([
      'enrolment/operations/health/Twice.graphql',
      'newborn/Loose.graphql',
      'newborn/operations/health/Misnamed.graphql',
      'newborn/operations/health/Renamed.graphql',
      'newborn/operations/health/Twice.graphql',
      'newborn/operations/tax-bureau/TaxNumber.graphql',
    ]);
    expect(byFile['newborn/Loose.graphql']?.messages).toEqual([
      expect.stringMatching(/lives in <module>\/operations\/<department>\/<OperationName>\.graphql/),
    ]);
    expect(byFile['newborn/operations/tax-bureau/TaxNumber.graphql']?.messages).toEqual([
      'no department subgraph is named "tax-bureau" (its folder\'s name)',
    ]);
    expect(byFile['newborn/operations/health/Misnamed.graphql']?.messages).toEqual([
      'the operation is named "SomethingElse"; it must be named as its file, "Misnamed"',
    ]);
    expect(byFile['newborn/operations/health/Twice.graphql']?.messages).toEqual([
      'another service-center operation is also named "Twice"',
    ]);
    expect(byFile['newborn/operations/health/Renamed.graphql']).toMatchObject({
      operation: 'Renamed',
      department: 'health',
      messages: [
        'Unknown argument "birthRecord" on field "Mutation.issueBirthCertificate". Did you mean "birthRecordId"? (line 2, column 25)',
        expect.stringMatching(/argument "birthRecordId" of type "ID!" is required/),
      ],
    });
  });
});
