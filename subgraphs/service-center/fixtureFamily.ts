/**
 * The family the service-center's tests run the errands for, and what each department's subgraph
 * answers about it, by operation name — each answer typed by the operation's generated document, so a
 * fake cannot drift from what the service-center reads.
 */
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { composeCitizenId } from '../../lib/citizenId.ts';
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

const citizen = (divisionCode: string, birthDate: string, sequence: number, sex: 'MALE' | 'FEMALE') =>
  composeCitizenId({ divisionCode, birthDate, sequence, sex });

/** The family of the tests: a married couple in one household, and people with no part in it. */
export const FAMILY = {
  mother: citizen('500103', '1992-04-18', 22, 'FEMALE'),
  father: citizen('500103', '1990-01-09', 13, 'MALE'),
  /** A mother whose birth record names no father. */
  singleMother: citizen('500106', '1995-07-01', 42, 'FEMALE'),
  stranger: citizen('500104', '1985-03-03', 31, 'MALE'),
  /** The citizen ID public security issues the newborn. */
  newborn: citizen('500103', '2026-10-03', 2, 'FEMALE'),
  /** A school-age child of the couple. */
  child: citizen('500103', '2020-05-06', 17, 'MALE'),
};

/** Birth record numbers of the tests. */
export const BIRTHS = {
  /** Names the mother and the father. */
  couple: 'BR202610030001',
  /** The same couple's twin, born the same day: a birth of its own, needing its own consent. */
  coupleTwin: 'BR202610030002',
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
  [BIRTHS.coupleTwin, { mother: FAMILY.mother, father: FAMILY.father }],
  [BIRTHS.noFather, { mother: FAMILY.singleMother, father: null }],
]);

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

/** A fake answer: the data for the variables sent. */
export type Answer = (variables: Record<string, unknown>) => unknown;

/** A department's answer to one operation, typed by the operation's generated document. */
function answer<TResult, TVariables>(
  operation: TypedDocumentNode<TResult, TVariables>,
  data: (variables: TVariables) => TResult,
): [string, Answer] {
  return [operationName(operation), (variables) => data(variables as TVariables)];
}

/** What each department answers, by operation name. */
export const ANSWERS: Record<string, Map<string, Answer>> = {
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
    answer(EnrolmentGuardianDocument, (v) => ({
      person: { citizenId: v.citizenId, father: null, mother: null },
    })),
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
