/**
 * The contract of the health department's system (卫健妇幼与免疫规划信息系统): hospitals' delivery
 * reports, birth medical certificates and children's vaccination records, and the newborn errand's
 * writes. The health subgraph's client parses every answer with it and the department system parses
 * every request with it; `npm run compose` prints it as `schema/health/openapi.yaml`.
 *
 * The examples name records of the published seed (`mocks/health/data/`): a department that points the
 * contract test at its real system loads that seed into the system's test environment first.
 */
import { z } from 'zod';
import { parseIdentity } from '../../lib/auth/identity.ts';
import { composeCitizenId } from '../../lib/citizenId.ts';
import { batchGet, defineContract, eventReceiver, idempotentWrite } from '../../lib/contract/endpoint.ts';
import { citizenId, divisionCode, isoDate, isoDateTime, sex } from '../../lib/contract/fields.ts';
import { SERVICE_CENTER_ON_APPLICATION, staffHolding } from '../../lib/contract/writers.ts';
import { HOUSEHOLD_ADDRESS_CHANGED, householdAddressChangedExample } from '../public-security/events.ts';

/** The form of a birth record number: `BR` and twelve digits, e.g. `BR202610030001`. */
export const BIRTH_RECORD_ID = /^BR\d{12}$/;

/** A birth record number, checked at the boundary. */
export const birthRecordId = z
  .string()
  .regex(BIRTH_RECORD_ID, 'a birth record number: BR and 12 digits')
  .describe("A hospital's delivery report number (出生医学记录): BR and twelve digits.");

/** A hospital as the system answers it: the register entry. */
export const hospitalView = z
  .object({
    id: z.string().min(1),
    name: z.string().min(1),
    divisionCode,
    maternityUnit: z.boolean().describe('Whether the hospital is an accredited maternity unit (助产机构).'),
  })
  .meta({ id: 'Hospital', description: 'A hospital of the register.' });
export type HospitalView = z.infer<typeof hospitalView>;

/** A vaccination clinic as the system answers it, with the streets it serves. */
export const clinicView = z
  .object({
    id: z.string().min(1),
    name: z.string().min(1),
    divisionCode,
    streets: z
      .array(z.string().min(1))
      .min(1)
      .describe('The sub-district streets (街道) whose children it serves.'),
  })
  .meta({ id: 'Clinic', description: 'A vaccination clinic (预防接种门诊).' });
export type ClinicView = z.infer<typeof clinicView>;

/** A birth medical certificate (出生医学证明) with the issuing hospital embedded. */
export const birthCertificateView = z
  .object({
    number: z
      .string()
      .regex(/^[A-Z]\d{9}$/)
      .describe('Certificate number: a letter and nine digits, e.g. `Q500012345`.'),
    birthRecordId: z
      .string()
      .nullable()
      .describe('The delivery report it was issued from, when the report is on file.'),
    childCitizenId: citizenId
      .nullable()
      .describe("The child's citizen ID once the hukou registration has issued one."),
    childName: z.string().min(1),
    issuedOn: isoDate,
    hospital: hospitalView,
  })
  .meta({ id: 'BirthCertificate', description: 'A birth medical certificate (出生医学证明).' });
export type BirthCertificateView = z.infer<typeof birthCertificateView>;

/** One dose given. */
export const doseView = z
  .object({ vaccine: z.string().min(1), doseNumber: z.number().int().min(1), givenOn: isoDate })
  .meta({
    id: 'Dose',
    description: 'A dose given, by vaccine code (e.g. `HepB`) and its number in the series.',
  });

/** A vaccination record (预防接种证) with its clinic embedded and its doses in the order given. */
export const vaccinationRecordView = z
  .object({
    id: z.string().min(1),
    citizenId: citizenId
      .nullable()
      .describe("The child's citizen ID; null for a newborn whose hukou is not yet registered."),
    birthRecordId: z.string().nullable(),
    birthDate: isoDate,
    openedOn: isoDate,
    doses: z.array(doseView),
    clinic: clinicView,
  })
  .meta({ id: 'VaccinationRecord', description: "A child's vaccination record (预防接种证)." });
export type VaccinationRecordView = z.infer<typeof vaccinationRecordView>;

/**
 * A hospital's delivery report with the hospital embedded, the birth date in China Standard Time,
 * the certificate once issued and the child's citizen ID once bound.
 */
export const birthRecordView = z
  .object({
    id: birthRecordId,
    motherCitizenId: citizenId,
    fatherCitizenId: citizenId.nullable().describe('Null when the mother registered no father.'),
    bornAt: isoDateTime,
    sex,
    weightGrams: z.number().int().min(300).max(7000),
    lengthCm: z.number().min(20).max(65),
    gestationWeeks: z.number().int().min(20).max(45),
    plurality: z.number().int().min(1).max(4).describe('Children of this delivery: 1, or 2 for twins.'),
    birthOrder: z.number().int().min(1).max(4).describe("This child's place among them."),
    status: z
      .enum(['REPORTED', 'CERTIFIED'])
      .describe('`REPORTED` until a birth certificate is issued, then `CERTIFIED`.'),
    hospital: hospitalView,
    birthDate: isoDate.describe(
      'The date of birth in China Standard Time: the date the citizen ID and the hukou record.',
    ),
    certificate: birthCertificateView
      .nullable()
      .describe('The certificate issued from this report, or null while `REPORTED`.'),
    childCitizenId: citizenId
      .nullable()
      .describe("The child's citizen ID, once hukou registration has issued it and it has been bound here."),
  })
  .meta({ id: 'BirthRecord', description: "A hospital's delivery report (出生医学记录)." });
export type BirthRecordView = z.infer<typeof birthRecordView>;

/**
 * Everything the department shows about one citizen, in one answer: their own birth certificate and
 * vaccination record, and the births they are reported as a parent of.
 */
export const personHealthView = z
  .object({
    citizenId,
    birthCertificate: birthCertificateView.nullable(),
    vaccinationRecord: vaccinationRecordView.nullable(),
    reportedBirthIds: z
      .array(z.string())
      .describe(
        'Reports (REPORTED or CERTIFIED) naming the citizen as mother or father, oldest birth first.',
      ),
  })
  .meta({ id: 'PersonHealth', description: 'What the health department holds about one citizen.' });
export type PersonHealthView = z.infer<typeof personHealthView>;

/** A request to issue the birth medical certificate for a reported birth. */
export const birthCertificateRequest = z
  .object({
    birthRecordId,
    childName: z
      .string()
      .trim()
      .min(1)
      .max(40)
      .describe('The name the parents give the child, as it will be printed and registered.'),
  })
  .meta({
    id: 'BirthCertificateRequest',
    description: 'A request to issue the birth medical certificate of a reported birth.',
  });
export type BirthCertificateRequest = z.input<typeof birthCertificateRequest>;

/** A request to open a newborn's vaccination record at the clinic serving the family's address. */
export const vaccinationRecordRequest = z
  .object({
    birthRecordId,
    divisionCode: divisionCode.describe(
      'Division of the address the child will live at, usually the household’s.',
    ),
    street: z
      .string()
      .trim()
      .min(1)
      .max(40)
      .describe('Sub-district street (街道) of that address; it decides the clinic.'),
  })
  .meta({ id: 'VaccinationRecordRequest', description: "A request to open a newborn's vaccination record." });
export type VaccinationRecordRequest = z.input<typeof vaccinationRecordRequest>;

/** A request to bind the citizen ID issued at hukou registration to a newborn's health records. */
export const newbornIdentityRequest = z
  .object({
    birthRecordId,
    citizenId: citizenId
      .transform((value) => value.trim().toUpperCase())
      .describe('The ID public security issued; a lowercase `x` check character is stored as `X`.'),
  })
  .meta({
    id: 'NewbornIdentityRequest',
    description: "A request to bind a newborn's citizen ID to its health records.",
  });
export type NewbornIdentityRequest = z.input<typeof newbornIdentityRequest>;

/** A completed binding: which records now answer to the child's citizen ID. */
export const newbornIdentity = z
  .object({
    birthRecordId: z.string(),
    citizenId,
    certificateNumber: z.string(),
    vaccinationRecordId: z
      .string()
      .nullable()
      .describe('Null when no vaccination record is open yet; one opened later is bound on opening.'),
  })
  .meta({ id: 'NewbornIdentity', description: "Which records now answer to a newborn's citizen ID." });
export type NewbornIdentity = z.infer<typeof newbornIdentity>;

/** The seed's birth the examples act on: reported over a year ago, so no errand of the seed uses it. */
const EXAMPLE_BIRTH = 'BR202509070001';
const UNKNOWN_BIRTH = 'BR209912319999';
/** The example birth's father and the hospital that reported it: neither may do the department's acts. */
const FATHER = parseIdentity('500112198702182917');
const DELIVERING_HOSPITAL = parseIdentity('hospital:H500108-01');
/** A reported birth no example writes to (the seed's birth whose parents both live elsewhere). */
const UNTOUCHED_BIRTH = 'BR202609100001';
const EXAMPLE_NEWBORN_ID = composeCitizenId({
  divisionCode: '500112',
  birthDate: '2025-09-07',
  sequence: 1,
  sex: 'MALE',
});

/** The health department system's contract. */
export const healthContract = defineContract({
  department: 'health',
  title: 'Health department system (卫健)',
  version: '1.1.0',
  description:
    "Hospitals' delivery reports, birth medical certificates (出生医学证明) and children's vaccination records " +
    '(预防接种证), and the writes of the newborn errand.',
  endpoints: {
    peopleBatchGet: batchGet({
      operationId: 'peopleBatchGet',
      path: '/v1/people/batch-get',
      summary: 'What the department holds about these citizens',
      description: 'Citizens the department has no record of are absent from the answer.',
      item: personHealthView,
      exampleIds: ['500103201702263395'],
    }),
    birthRecordsBatchGet: batchGet({
      operationId: 'birthRecordsBatchGet',
      path: '/v1/birth-records/batch-get',
      summary: 'The birth records with these numbers',
      item: birthRecordView,
      exampleIds: [EXAMPLE_BIRTH, UNKNOWN_BIRTH],
    }),
    issueBirthCertificate: idempotentWrite({
      operationId: 'issueBirthCertificate',
      writers: [SERVICE_CENTER_ON_APPLICATION, staffHolding('health:write')],
      path: '/v1/birth-certificates',
      summary: 'Issues the birth medical certificate of a reported birth',
      description:
        "One certificate per birth, in the delivering hospital's name; the report becomes `CERTIFIED`.",
      request: birthCertificateRequest,
      answer: birthCertificateView,
      refusals: [
        {
          status: 404,
          code: 'BIRTH_RECORD_NOT_FOUND',
          description: 'No hospital reported a birth with this number.',
        },
        {
          status: 409,
          code: 'BIRTH_ALREADY_CERTIFIED',
          description: 'The birth has a certificate (`details.certificateNumber`).',
        },
      ],
      examples: {
        request: { birthRecordId: EXAMPLE_BIRTH, childName: '王一诺' },
        otherRequest: { birthRecordId: EXAMPLE_BIRTH, childName: '王二诺' },
        refusals: [
          // The father himself may not certify his child's birth: the request is the valid one, the caller is not.
          { code: 'FORBIDDEN', as: FATHER, request: { birthRecordId: EXAMPLE_BIRTH, childName: '王一诺' } },
          { code: 'BIRTH_RECORD_NOT_FOUND', request: { birthRecordId: UNKNOWN_BIRTH, childName: '王一诺' } },
        ],
        refusalsAfter: [
          { code: 'BIRTH_ALREADY_CERTIFIED', request: { birthRecordId: EXAMPLE_BIRTH, childName: '王三诺' } },
        ],
      },
    }),
    openVaccinationRecord: idempotentWrite({
      operationId: 'openVaccinationRecord',
      writers: [SERVICE_CENTER_ON_APPLICATION, staffHolding('health:write')],
      path: '/v1/vaccination-records',
      summary: "Opens a newborn's vaccination record at the clinic serving the address",
      description: 'The birth doses (HepB 1, BCG) are recorded as given on the day of birth.',
      request: vaccinationRecordRequest,
      answer: vaccinationRecordView,
      refusals: [
        {
          status: 404,
          code: 'BIRTH_RECORD_NOT_FOUND',
          description: 'No hospital reported a birth with this number.',
        },
        {
          status: 409,
          code: 'VACCINATION_RECORD_EXISTS',
          description: 'The child has a record (`details.vaccinationRecordId`).',
        },
        {
          status: 422,
          code: 'NO_CLINIC_FOR_ADDRESS',
          description: 'No clinic serves the street in the division.',
        },
      ],
      examples: {
        request: { birthRecordId: EXAMPLE_BIRTH, divisionCode: '500112', street: '双龙湖街道' },
        otherRequest: { birthRecordId: EXAMPLE_BIRTH, divisionCode: '500112', street: '回兴街道' },
        refusals: [
          {
            code: 'FORBIDDEN',
            as: DELIVERING_HOSPITAL,
            request: { birthRecordId: EXAMPLE_BIRTH, divisionCode: '500112', street: '双龙湖街道' },
          },
          {
            code: 'NO_CLINIC_FOR_ADDRESS',
            request: { birthRecordId: UNTOUCHED_BIRTH, divisionCode: '500112', street: '无此街道' },
          },
          {
            code: 'BIRTH_RECORD_NOT_FOUND',
            request: { birthRecordId: UNKNOWN_BIRTH, divisionCode: '500112', street: '双龙湖街道' },
          },
        ],
        refusalsAfter: [
          {
            code: 'VACCINATION_RECORD_EXISTS',
            request: { birthRecordId: EXAMPLE_BIRTH, divisionCode: '500112', street: '龙溪街道' },
          },
        ],
      },
    }),
    bindNewbornIdentity: idempotentWrite({
      operationId: 'bindNewbornIdentity',
      writers: [SERVICE_CENTER_ON_APPLICATION, staffHolding('health:write')],
      path: '/v1/newborn-identities',
      summary: "Binds a newborn's citizen ID to its certificate and vaccination record",
      request: newbornIdentityRequest,
      answer: newbornIdentity,
      refusals: [
        {
          status: 404,
          code: 'BIRTH_RECORD_NOT_FOUND',
          description: 'No hospital reported a birth with this number.',
        },
        { status: 409, code: 'BIRTH_NOT_CERTIFIED', description: 'The birth has no certificate yet.' },
        {
          status: 409,
          code: 'NEWBORN_ALREADY_BOUND',
          description: 'The birth is bound to another citizen ID (`details.citizenId`).',
        },
        {
          status: 409,
          code: 'CITIZEN_ID_ALREADY_BOUND',
          description: "The ID belongs to another child's records (`details.birthRecordId`).",
        },
        {
          status: 422,
          code: 'CITIZEN_ID_MISMATCH',
          description: 'The ID does not encode the reported birth date and sex.',
        },
      ],
      examples: {
        request: { birthRecordId: EXAMPLE_BIRTH, citizenId: EXAMPLE_NEWBORN_ID },
        otherRequest: {
          birthRecordId: EXAMPLE_BIRTH,
          citizenId: composeCitizenId({
            divisionCode: '500112',
            birthDate: '2025-09-07',
            sequence: 3,
            sex: 'MALE',
          }),
        },
        refusals: [
          // A clerk who may only read, and the service-center on no application.
          {
            code: 'FORBIDDEN',
            as: parseIdentity('staff:health:health:read'),
            request: { birthRecordId: EXAMPLE_BIRTH, citizenId: EXAMPLE_NEWBORN_ID },
          },
          {
            code: 'FORBIDDEN',
            as: parseIdentity('service:service-center'),
            request: { birthRecordId: EXAMPLE_BIRTH, citizenId: EXAMPLE_NEWBORN_ID },
          },
          {
            code: 'BIRTH_NOT_CERTIFIED',
            request: { birthRecordId: UNTOUCHED_BIRTH, citizenId: EXAMPLE_NEWBORN_ID },
          },
          {
            code: 'BIRTH_RECORD_NOT_FOUND',
            request: { birthRecordId: UNKNOWN_BIRTH, citizenId: EXAMPLE_NEWBORN_ID },
          },
        ],
        refusalsAfter: [
          {
            code: 'NEWBORN_ALREADY_BOUND',
            request: {
              birthRecordId: EXAMPLE_BIRTH,
              citizenId: composeCitizenId({
                divisionCode: '500112',
                birthDate: '2025-09-07',
                sequence: 5,
                sex: 'MALE',
              }),
            },
          },
        ],
      },
    }),
    receiveEvent: eventReceiver({
      types: [HOUSEHOLD_ADDRESS_CHANGED],
      example: householdAddressChangedExample,
    }),
  },
});
