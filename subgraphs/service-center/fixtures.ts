/**
 * The service-center as its tests run it: built in-process with its own development keys, in memory
 * (or over a data folder, to restart it), with the department subgraphs faked by nock — each
 * operation the errands send answered (by operation name) from a small family's records, and every
 * call recorded with the citizen the service-center acted for, so a test can say who was read on whose
 * behalf.
 *
 * The fakes hold the service-center to the departments' contract: every operation it sends is
 * validated, with its variables, against the subgraph schema of the department it is sent to (from
 * `schema/<department>.graphql`, as the real subgraph would), and the answers are typed by the
 * operations' generated result types. An operation a department's schema refuses is answered with the
 * subgraph's validation error and fails the test when the service-center closes.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { type DocumentNode, type GraphQLSchema, getVariableValues, Kind, parse, validate } from 'graphql';
import nock from 'nock';
import { parseIdentity } from '../../lib/auth/identity.ts';
import { loadDevelopmentKeys, TokenIssuer } from '../../lib/auth/issuer.ts';
import { TokenVerifier } from '../../lib/auth/tokens.ts';
import { composeCitizenId } from '../../lib/citizenId.ts';
import { departmentSubgraphSchemas } from '../../scripts/schema/subgraphSchema.ts';
import { readSubgraphSchemas, readSupergraphConfig } from '../../scripts/supergraph.ts';
import type { SubgraphServer } from '../kit/server.ts';
import { executeOperation, type GraphQLTestResponse } from '../kit/testing.ts';
import {
  AddAssistanceCaseMemberDocument,
  NewbornFamilyDocument,
} from './generated/civil-affairs.generated.ts';
import { RegisterSchoolAgeDocument } from './generated/education.generated.ts';
import {
  BindNewbornIdentityDocument,
  IssueBirthCertificateDocument,
  NewbornBirthRecordDocument,
  type NewbornBirthRecordQuery,
  OpenVaccinationRecordDocument,
} from './generated/health.generated.ts';
import { EnrolNewbornInInsuranceDocument } from './generated/medical-insurance.generated.ts';
import {
  EnrolmentGuardianDocument,
  NewbornParentsDocument,
  RegisterBirthDocument,
} from './generated/public-security.generated.ts';
import type { FamilyRecord, PersonCheck } from './newborn/ParentRecords.ts';
import { operationName } from './SubgraphClient.ts';
import { buildSubgraph } from './server.ts';

/** Each department's subgraph schema, as its SDL file builds it: what the fakes validate against. */
const SCHEMAS = departmentSubgraphSchemas(readSubgraphSchemas(readSupergraphConfig()));

/** Every department subgraph of rover.yaml, at a host that can never resolve. */
export const SUBGRAPH_URLS: Record<string, string> = Object.fromEntries(
  [...SCHEMAS.keys()].map((name) => [name, `http://${name}.invalid/graphql`]),
);

const citizen = (divisionCode: string, birthDate: string, sequence: number, sex: 'MALE' | 'FEMALE') =>
  composeCitizenId({ divisionCode, birthDate, sequence, sex });

/** The family of the tests: a married couple in one household, and people with no part in it. */
export const FAMILY = {
  mother: citizen('500103', '1992-04-18', 22, 'FEMALE'),
  father: citizen('500103', '1990-01-09', 13, 'MALE'),
  /** A mother whose birth report names no father. */
  singleMother: citizen('500106', '1995-07-01', 42, 'FEMALE'),
  stranger: citizen('500104', '1985-03-03', 31, 'MALE'),
  /** The citizen ID public security issues the newborn. */
  newborn: citizen('500103', '2026-10-03', 2, 'FEMALE'),
  /** A school-age child of the couple. */
  child: citizen('500103', '2020-05-06', 17, 'MALE'),
};

/** Birth report numbers of the tests. */
export const BIRTHS = {
  /** Names the mother and the father. */
  couple: 'BR202610030001',
  /** Names only the mother. */
  noFather: 'BR202610050001',
  /** No hospital reported it. */
  unknown: 'BR202610990001',
};

interface BirthFixture {
  mother: string;
  father: string | null;
}

const births = new Map<string, BirthFixture>([
  [BIRTHS.couple, { mother: FAMILY.mother, father: FAMILY.father }],
  [BIRTHS.noFather, { mother: FAMILY.singleMother, father: null }],
]);

/** One call the service-center made to a department subgraph. */
export interface DepartmentCall {
  department: string;
  /** The operation's name, e.g. `NewbornParents`. */
  operation: string;
  /** Whom the service-center's token said it acted for. */
  actingFor: string | null;
  /** The application its token named. */
  applicationId: string | null;
  variables: Record<string, unknown>;
}

function birthRecord(id: string): NewbornBirthRecordQuery['birthRecord'] {
  const birth = births.get(id);
  if (!birth) return null;
  return {
    id,
    bornAt: '2026-10-03T08:15:00+08:00',
    birthDate: '2026-10-03',
    sex: 'FEMALE',
    status: 'REPORTED',
    mother: { citizenId: birth.mother },
    father: birth.father ? { citizenId: birth.father } : null,
    hospital: { name: '重庆市妇幼保健院', maternityUnit: true, division: { code: '500103' } },
    certificate: null,
    child: null,
  };
}

function registerEntry(citizenId: string): PersonCheck {
  return {
    citizenId,
    name: citizenId === FAMILY.father ? '李建国' : '王丽',
    hukouInMunicipality: true,
    household: {
      id: `HH-${citizenId.slice(0, 6)}`,
      address: { divisionCode: '500103', street: '解放碑街道', formatted: '重庆市渝中区解放碑街道民族路1号' },
    },
  };
}

function marriageOf(citizenId: string): FamilyRecord['marriage'] {
  const married = citizenId === FAMILY.mother || citizenId === FAMILY.father;
  return married
    ? { id: 'J500103-2018-000123', husband: { citizenId: FAMILY.father }, wife: { citizenId: FAMILY.mother } }
    : null;
}

type Answer = (variables: Record<string, unknown>) => unknown;

/** A department's answer to one operation, typed by the operation's generated document. */
function answer<TResult, TVariables>(
  operation: TypedDocumentNode<TResult, TVariables>,
  data: (variables: TVariables) => TResult,
): [string, Answer] {
  return [operationName(operation), (variables) => data(variables as TVariables)];
}

/** What each department answers, by operation name. */
const ANSWERS: Record<string, Map<string, Answer>> = {
  health: new Map([
    answer(NewbornBirthRecordDocument, (v) => ({ birthRecord: birthRecord(v.id) })),
    answer(IssueBirthCertificateDocument, () => ({ issueBirthCertificate: { number: 'Q500012345' } })),
    answer(OpenVaccinationRecordDocument, () => ({
      openVaccinationRecord: { id: 'VR202610030001', clinic: { name: '解放碑社区卫生服务中心' } },
    })),
    answer(BindNewbornIdentityDocument, () => ({ bindNewbornIdentity: { id: 'BR202610030001' } })),
  ]),
  'public-security': new Map([
    answer(NewbornParentsDocument, (v) => ({ people: [v.ids].flat().map(registerEntry) })),
    answer(RegisterBirthDocument, () => ({ registerBirth: { citizenId: FAMILY.newborn } })),
    answer(EnrolmentGuardianDocument, (v) => ({ person: { citizenId: v.citizenId } })),
  ]),
  'civil-affairs': new Map([
    answer(NewbornFamilyDocument, (v) => ({
      _entities: [v.representations].flat().map(({ citizenId }) => ({
        citizenId: String(citizenId),
        marriage: marriageOf(String(citizenId)),
        assistanceCase: null,
      })),
    })),
    answer(AddAssistanceCaseMemberDocument, (v) => ({ addAssistanceCaseMember: { id: v.caseId } })),
  ]),
  education: new Map([
    answer(RegisterSchoolAgeDocument, () => ({
      registerSchoolAge: { district: { id: 'XQ500103-01', name: '解放碑学区' }, expectedEntryYear: 2033 },
    })),
  ]),
  'medical-insurance': new Map([
    answer(EnrolNewbornInInsuranceDocument, (v) => ({
      enrolNewbornInInsurance: {
        enrolmentNumber: 'YB500103-0000040',
        coveredFrom: v.input.birthDate,
        contributions: [{ year: 2026, status: 'UNPAID' }],
      },
    })),
  ]),
};

/** Why `schema` refuses an operation and its variables, as the subgraph would; empty when it takes them. */
function refusals(
  schema: GraphQLSchema,
  document: DocumentNode,
  variables: Record<string, unknown>,
): string[] {
  const invalid = validate(schema, document);
  if (invalid.length > 0) return invalid.map((error) => error.message);
  const [definition] = document.definitions;
  if (definition?.kind !== Kind.OPERATION_DEFINITION) return ['the document holds no operation'];
  const coerced = getVariableValues(schema, definition.variableDefinitions ?? [], variables);
  return (coerced.errors ?? []).map((error) => error.message);
}

function tokenClaims(authorization: string | undefined): Record<string, unknown> {
  const payload = authorization?.split('.')[1];
  return payload
    ? (JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>)
    : {};
}

/**
 * Fakes every department subgraph until {@link FakeDepartments.uninstall}. An operation a department
 * is given an override for (see `answer`) answers that instead, e.g. a `FORBIDDEN` error.
 */
export class FakeDepartments {
  readonly calls: DepartmentCall[] = [];
  readonly #overrides = new Map<string, (call: DepartmentCall) => unknown>();
  /** Operations sent that the receiving department's schema refuses, each with why. */
  readonly #broken: string[] = [];

  install(): this {
    for (const [department, schema] of SCHEMAS) {
      const { origin, pathname } = new URL(SUBGRAPH_URLS[department] as string);
      const calls = this.calls;
      const overrides = this.#overrides;
      const broken = this.#broken;
      nock(origin)
        .persist()
        .post(pathname)
        .reply(function (_, body) {
          const { query, variables } = body as { query: string; variables: Record<string, unknown> };
          const document = parse(query);
          const operation = operationName(document);
          const claims = tokenClaims(this.req.headers.authorization as string | undefined);
          const call: DepartmentCall = {
            department,
            operation,
            actingFor: (claims.act_for as string | undefined) ?? null,
            applicationId: (claims.application as string | undefined) ?? null,
            variables,
          };
          calls.push(call);
          const refused = refusals(schema, document, variables);
          if (refused.length > 0) {
            broken.push(`${operation} sent to ${department}: ${refused.join('; ')}`);
            return [
              400,
              {
                errors: refused.map((message) => ({
                  message,
                  extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
                })),
              },
            ];
          }
          const override = overrides.get(operation);
          if (override) return [200, override(call)];
          const answer = ANSWERS[department]?.get(operation);
          if (!answer) return [200, { errors: [{ message: `no fake for ${operation} at ${department}` }] }];
          return [200, { data: answer(variables) }];
        });
    }
    return this;
  }

  /** Answers `operation` with `body` (a whole GraphQL response) from now on. */
  answer(operation: string, body: (call: DepartmentCall) => unknown): void {
    this.#overrides.set(operation, body);
  }

  /** The calls of one operation. */
  callsOf(operation: string): DepartmentCall[] {
    return this.calls.filter((call) => call.operation === operation);
  }

  /** The operations sent that the receiving department's subgraph schema refuses, each with why. */
  get contractBreaches(): readonly string[] {
    return this.#broken;
  }

  /**
   * Removes the fakes.
   *
   * @throws Error naming every operation sent that the receiving department's schema refuses
   */
  uninstall(): void {
    nock.cleanAll();
    if (this.#broken.length > 0) {
      throw new Error(
        `the service-center sent what the departments' subgraph schemas refuse:\n  ${this.#broken.join('\n  ')}`,
      );
    }
  }
}

/** The day the tests run on. */
export const TODAY = '2026-11-20';

/** A service-center built for a test, with its faked departments. */
export interface TestServiceCenter {
  server: SubgraphServer;
  departments: FakeDepartments;
  /** Sends an operation as `identity` (a citizen ID, `staff:…`, `hospital:…`, `service:…`), or anonymously. */
  as<T = Record<string, unknown>>(
    identity: string | null,
    query: string,
    variables?: Record<string, unknown>,
  ): Promise<GraphQLTestResponse<T>>;
  /**
   * Closes the server (waiting for running errands), removes the keys and the fakes; fails when the
   * service-center sent an operation a department's subgraph schema refuses.
   */
  close(): Promise<void>;
}

/**
 * Builds the service-center subgraph for a test: in memory, or over `dataDir` so that a second one
 * built over the same folder is the same service-center restarted.
 */
export async function testServiceCenter(options: { dataDir?: string } = {}): Promise<TestServiceCenter> {
  const keysDir = mkdtempSync(path.join(tmpdir(), 'service-center-keys-'));
  const keys = await loadDevelopmentKeys(keysDir);
  const issuer = new TokenIssuer(keys.privateKey, 'onething-test', 'onething');
  const verifier = new TokenVerifier(keys.jwks, { issuer: 'onething-test', audience: 'onething' });
  const departments = new FakeDepartments().install();
  const server = await buildSubgraph({
    verifier,
    issuer,
    inMemory: !options.dataDir,
    dataDir: options.dataDir,
    subgraphUrls: SUBGRAPH_URLS,
    today: () => TODAY,
    retry: { attempts: 1, baseDelayMs: 1 },
  });
  return {
    server,
    departments,
    as: async (identity, query, variables = {}) => {
      const headers: Record<string, string> = {};
      if (identity) headers.authorization = `Bearer ${await issuer.mint(parseIdentity(identity))}`;
      return executeOperation(server.app, query, variables, headers);
    },
    close: async () => {
      await server.app.close();
      rmSync(keysDir, { recursive: true, force: true });
      // Last: it fails the test when the service-center broke a department's contract.
      departments.uninstall();
    },
  };
}
