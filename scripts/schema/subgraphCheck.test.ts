import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ROOT, readSupergraphConfig } from '../../system/topology.ts';
import { composeSubgraphs, readSubgraphSchemas, type SubgraphSchema } from './composition.ts';
import { readClientOperations } from './operations.ts';
import { readServiceCenterOperations, sendersByOperation } from './serviceCenterOperations.ts';
import { checkSubgraph, formatSubgraphCheckReport } from './subgraphCheck.ts';

const config = readSupergraphConfig();
const subgraphs = readSubgraphSchemas(config);
const operations = readClientOperations();

// The baseline is the working copy composed as it is, so the tests see only the edits they make.
const baseline = composeSubgraphs(subgraphs);
if (!baseline.ok) throw new Error(`the subgraphs do not compose: ${baseline.errors.join('; ')}`);
const baseSupergraphSdl = baseline.supergraphSdl;

/** Every subgraph, with `name`'s SDL edited; fails when the edit does not apply. */
function edited(name: string, from: string | RegExp, to: string): SubgraphSchema[] {
  return subgraphs.map((subgraph) => {
    if (subgraph.name !== name) return subgraph;
    const sdl = subgraph.sdl.replace(from, to);
    if (sdl === subgraph.sdl) throw new Error(`${from} is not in ${name}'s schema`);
    return { ...subgraph, sdl };
  });
}

function check(subgraph: string, changed: SubgraphSchema[]) {
  return checkSubgraph({ subgraph, subgraphs: changed, baseSupergraphSdl, operations });
}

describe('npm run check: a subgraph change measured against the committed graph and its clients', () => {
  it('passes a new optional field with a description, reporting it as safe', async () => {
    const report = await check(
      'public-security',
      edited(
        'public-security',
        '  ethnicity: String!\n',
        '  ethnicity: String!\n  """Names the person was registered under before, oldest first."""\n  formerNames: [String!]\n',
      ),
    );
    expect(report.passed).toBe(true);
    if (!report.composed) throw new Error('expected the change to compose');
    expect(report.changes).toContainEqual(
      expect.objectContaining({ criticality: 'SAFE', path: 'Person.formerNames' }),
    );
    expect(report.changes.filter((change) => change.criticality !== 'SAFE')).toEqual([]);
    expect(report.invalidOperations).toEqual([]);
    expect(formatSubgraphCheckReport(report)).toMatch(
      /SAFE changes[\s\S]*Person\.formerNames[\s\S]*no change breaks a client/,
    );
  });

  it('fails the removal of a field CitizenProfile selects, naming the field and the operation', async () => {
    const report = await check(
      'public-security',
      edited('public-security', '  """The ethnic group (民族), e.g. 汉族."""\n  ethnicity: String!\n', ''),
    );
    expect(report.passed).toBe(false);
    if (!report.composed) throw new Error('expected the change to compose');
    expect(report.changes).toContainEqual(
      expect.objectContaining({
        criticality: 'BREAKING',
        path: 'Person.ethnicity',
        operations: ['CitizenProfile'],
      }),
    );
    expect(report.invalidOperations).toEqual([
      {
        operation: 'CitizenProfile',
        messages: [expect.stringMatching(/Cannot query field "ethnicity" on type "Person"/)],
      },
    ]);
    const printed = formatSubgraphCheckReport(report);
    expect(printed).toMatch(/BREAKING changes[\s\S]*\[Person\.ethnicity\][\s\S]*used by: CitizenProfile/);
    expect(printed).toMatch(/operation CitizenProfile no longer validates/);
  });

  it('fails a changed field type that every operation still validates against, naming who reads it', async () => {
    const report = await check(
      'public-security',
      edited('public-security', 'hukouInMunicipality: Boolean!', 'hukouInMunicipality: String!'),
    );
    expect(report.passed).toBe(false);
    if (!report.composed) throw new Error('expected the change to compose');
    expect(report.invalidOperations).toEqual([]);
    expect(report.changes).toContainEqual(
      expect.objectContaining({
        criticality: 'BREAKING',
        path: 'Person.hukouInMunicipality',
        operations: ['BirthRecord', 'CitizenProfile'],
      }),
    );
  });

  it('fails a breaking change no operation here uses, since clients elsewhere may', async () => {
    const report = await check(
      'public-security',
      edited(
        'public-security',
        /\n {2}"""\n {2}The registered mobile phone number[\s\S]*?"""\n {2}phone: String\n/,
        '\n',
      ),
    );
    expect(report.passed).toBe(false);
    if (!report.composed) throw new Error('expected the change to compose');
    expect(report.changes).toContainEqual(
      expect.objectContaining({ criticality: 'BREAKING', path: 'Person.phone', operations: [] }),
    );
    expect(formatSubgraphCheckReport(report)).toMatch(/used by no operation in schema\/operations/);
  });

  it('fails a shared value type whose field type conflicts with the other subgraphs, with the composition error', async () => {
    const report = await check(
      'health',
      edited('health', /(type Division @shareable \{[^}]*?)\n {2}name: String\n/, '$1\n  name: Int\n'),
    );
    expect(report).toMatchObject({ passed: false, composed: false });
    if (report.composed) throw new Error('expected the change not to compose');
    expect(report.compositionErrors.join('\n')).toMatch(/Division\.name/);
    expect(formatSubgraphCheckReport(report)).toMatch(/health does not compose[\s\S]*Division\.name/);
  });

  it('fails a @key on a field the type does not have, with the composition error', async () => {
    const report = await check(
      'health',
      edited('health', 'type Person @key(fields: "citizenId")', 'type Person @key(fields: "passportNumber")'),
    );
    expect(report).toMatchObject({ passed: false, composed: false });
    if (report.composed) throw new Error('expected the change not to compose');
    expect(report.compositionErrors.join('\n')).toMatch(/passportNumber/);
  });
});

describe("npm run check: the operations the service-center sends the department's subgraph", () => {
  const serviceCenterOperations = readServiceCenterOperations();
  const senders = sendersByOperation();
  const checkErrands = (subgraph: string, changed: SubgraphSchema[]) =>
    checkSubgraph({
      subgraph,
      subgraphs: changed,
      baseSupergraphSdl,
      operations,
      serviceCenterOperations,
      senders,
      baseSubgraphSdls: new Map(subgraphs.map((subgraph) => [subgraph.name, subgraph.sdl])),
    });
  const aimedAt = (department: string) =>
    serviceCenterOperations.filter((operation) => operation.department === department).length;

  it('passes the working copy, saying how many operations it checked', async () => {
    const report = await checkErrands('health', subgraphs);
    expect(report).toMatchObject({
      passed: true,
      composed: true,
      serviceCenterOperationsChecked: aimedAt('health'),
      brokenServiceCenterOperations: [],
    });
    expect(formatSubgraphCheckReport(report)).toContain(
      `✓ the service-center's ${aimedAt('health')} operations to health hold against its subgraph schema.`,
    );
  });

  it('fails a renamed argument of the hidden issueBirthCertificate act, naming the newborn errand and the step', async () => {
    const report = await checkErrands(
      'health',
      edited(
        'health',
        '  issueBirthCertificate(\n    """The birth record number, e.g. BR202610030001."""\n    birthRecordId: ID!',
        '  issueBirthCertificate(\n    """The birth record number, e.g. BR202610030001."""\n    recordNumber: ID!',
      ),
    );
    if (!report.composed) throw new Error('expected the change to compose');
    // Clients never saw the act: nothing changes in the API schema, and only the errand breaks.
    expect(report.changes).toEqual([]);
    expect(report.passed).toBe(false);
    expect(report.brokenServiceCenterOperations).toEqual([
      {
        operation: 'IssueBirthCertificate',
        file: 'subgraphs/service-center/newborn/operations/health/IssueBirthCertificate.graphql',
        department: 'health',
        senders: [{ errand: 'NEWBORN', role: 'step', name: 'issueBirthCertificate' }],
        messages: [
          expect.stringMatching(
            /^Unknown argument "birthRecordId" on field "Mutation\.issueBirthCertificate"\./,
          ),
          expect.stringMatching(/argument "recordNumber" of type "ID!" is required/),
        ],
      },
    ]);
    const printed = formatSubgraphCheckReport(report);
    expect(printed).toContain(
      '  - newborn errand, step issueBirthCertificate: IssueBirthCertificate (subgraphs/service-center/newborn/operations/health/IssueBirthCertificate.graphql)\n      Unknown argument "birthRecordId"',
    );
    expect(printed).toMatch(/✗ health: the change would break the errands above/);
  });

  it('fails an argument turned from String into an enum, which the errand passes as a string literal', async () => {
    const report = await checkErrands(
      'civil-affairs',
      edited('civil-affairs', /(\n {4}reason: )String!/, '$1MembershipReason!').map((subgraph) =>
        subgraph.name === 'civil-affairs'
          ? {
              ...subgraph,
              sdl: `${subgraph.sdl}\nenum MembershipReason @inaccessible {\n  NEWBORN\n  OTHER\n}\n`,
            }
          : subgraph,
      ),
    );
    if (!report.composed) throw new Error('expected the change to compose');
    expect(report.passed).toBe(false);
    expect(report.brokenServiceCenterOperations).toEqual([
      expect.objectContaining({
        operation: 'AddAssistanceCaseMember',
        senders: [{ errand: 'NEWBORN', role: 'step', name: 'updateAssistance' }],
        messages: [
          expect.stringMatching(/Enum "MembershipReason" cannot represent non-enum value: "NEWBORN"/),
        ],
      }),
    ]);
    expect(formatSubgraphCheckReport(report)).toContain(
      '  - newborn errand, step updateAssistance: AddAssistanceCaseMember',
    );
  });

  it('fails a renamed field of an input type the errand passes as a variable, though the operation still validates', async () => {
    const report = await checkErrands(
      'public-security',
      edited(
        'public-security',
        /(input BirthRegistrationInput @inaccessible \{[^}]*?\n {2})householdId: ID!/,
        '$1householdNumber: ID!',
      ),
    );
    if (!report.composed) throw new Error('expected the change to compose');
    expect(report.passed).toBe(false);
    expect(report.brokenServiceCenterOperations).toEqual([
      expect.objectContaining({
        operation: 'RegisterBirth',
        senders: [{ errand: 'NEWBORN', role: 'step', name: 'registerHukou' }],
        messages: expect.arrayContaining([
          "breaking change: Input field 'householdId' was removed from input object type 'BirthRegistrationInput' [BirthRegistrationInput.householdId]",
        ]),
      }),
    ]);
  });

  it("checks only the department's own operations against its working copy", async () => {
    const report = await checkErrands(
      'public-security',
      edited(
        'public-security',
        '  ethnicity: String!\n',
        '  ethnicity: String!\n  """Former names."""\n  formerNames: [String!]\n',
      ),
    );
    expect(report).toMatchObject({
      passed: true,
      serviceCenterOperationsChecked: aimedAt('public-security'),
      brokenServiceCenterOperations: [],
    });
  });
});

describe('npm run check on the command line', () => {
  const run = async (...args: string[]) => {
    try {
      const { stdout, stderr } = await promisify(execFile)(
        process.execPath,
        ['--import', 'tsx', 'scripts/check.ts', ...args],
        { cwd: ROOT },
      );
      return { code: 0, stdout, stderr };
    } catch (error) {
      const failed = error as { code: number; stdout: string; stderr: string };
      return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
    }
  };

  it('passes the committed tree with exit code 0', { timeout: 60_000 }, async () => {
    const result = await run('public-security', '--no-tests');
    expect(result.stderr).not.toMatch(/error/i);
    expect(result.stdout).toMatch(/public-security composes with the other subgraphs/);
    expect(result.code).toBe(0);
  });

  it('refuses an unknown subgraph with exit code 2, listing the known ones', {
    timeout: 60_000,
  }, async () => {
    const result = await run('tax-bureau', '--no-tests');
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/unknown subgraph "tax-bureau": rover.yaml lists civil-affairs, health/);
  });
});
