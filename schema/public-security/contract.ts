/**
 * The contract of the public-security department's system (公安人口信息系统): households and the
 * people registered in them, birth registration that issues citizen IDs, and household address
 * changes, which the system announces to every subscribing department (`events.ts`). The
 * public-security subgraph's client parses every answer with it and the department system parses
 * every request with it; `npm run compose` prints it as `schema/public-security/openapi.yaml`.
 *
 * The examples name records of the published seed (`mocks/public-security/data/`).
 */
import { z } from 'zod';
import { parseIdentity } from '../../lib/auth/identity.ts';
import { batchGet, defineContract, idempotentWrite } from '../../lib/contract/endpoint.ts';
import {
  citizenId,
  divisionCode,
  householdId,
  isoDate,
  isoDateTime,
  sex,
} from '../../lib/contract/fields.ts';
import {
  type DepartmentSyncStatus,
  type DepartmentSyncView,
  departmentSyncStatus,
  departmentSyncView,
} from '../../lib/contract/protocol.ts';
import { SERVICE_CENTER_ON_APPLICATION, staffHolding } from '../../lib/contract/writers.ts';
import { addDays } from '../../lib/isoDate.ts';

export { HOUSEHOLD_ID } from '../../lib/contract/fields.ts';

/** How a person is related to the head of their household. */
export const relationToHead = z.enum(['HEAD', 'SPOUSE', 'CHILD', 'PARENT', 'GRANDCHILD', 'SIBLING', 'OTHER']);

/**
 * What kind of household a register is (户别): a family household (家庭户) of relatives, or a
 * collective household (集体户) of unrelated people registered together by a unit — a university's
 * dormitory, a company. Who may read a member's records depends on it (see the subgraph's `access.ts`).
 */
export const householdKind = z.enum(['FAMILY', 'COLLECTIVE']);
export type HouseholdKind = z.infer<typeof householdKind>;

/**
 * An adult's consent that another adult member of their family household may read their records in
 * full, while both stay in the household and until the day it ends.
 */
export const recordShareView = z
  .object({
    ownerCitizenId: citizenId.describe('The adult whose records are shared.'),
    readerCitizenId: citizenId.describe('The household member who may read them.'),
    sharedOn: isoDate.describe('The day the owner shared them.'),
    until: isoDate.describe('The last day the share holds, unless the owner stops it earlier.'),
  })
  .meta({
    id: 'RecordShare',
    description: "An adult's consent that a member of their family household reads their records in full.",
  });
export type RecordShareView = z.infer<typeof recordShareView>;

/** A person as the system answers: the register entry plus the division of their hukou. */
export const personView = z
  .object({
    citizenId,
    name: z
      .string()
      .min(1)
      .describe('Name as registered, in Chinese characters; may contain the separator "·".'),
    sex,
    birthDate: isoDate,
    ethnicity: z.string().min(1).describe('Ethnic group (民族), e.g. `汉族`.'),
    householdId,
    relationToHead,
    phone: z
      .string()
      .regex(/^1\d{10}$/)
      .nullable()
      .describe('Mobile phone number, 11 digits, or null when none is registered.'),
    fatherCitizenId: citizenId.nullable().describe('The father, where the register records him.'),
    motherCitizenId: citizenId.nullable().describe('The mother, where the register records her.'),
    hukouDivisionCode: divisionCode.describe("The division code of the household the person's hukou is in."),
    householdKind: householdKind.describe("The kind of the household the person's hukou is in."),
    recordsSharedWith: z
      .array(recordShareView)
      .describe(
        "The shares in force of this person's records with members of their household (both still members, not expired).",
      ),
    recordsSharedByOthers: z
      .array(recordShareView)
      .describe("The shares in force of other household members' records with this person."),
  })
  .meta({ id: 'Person', description: 'A person of the population register.' });
export type PersonView = z.infer<typeof personView>;

/** A household as the system answers: the register plus its members' citizen IDs, head first. */
export const householdView = z
  .object({
    id: householdId,
    divisionCode,
    street: z
      .string()
      .describe("Sub-district street (街道); empty outside the municipality's known streets."),
    community: z.string().describe("Residents' community (社区)."),
    detail: z.string().min(1).describe('The rest of the address: road, number, building, room.'),
    kind: householdKind.describe('A family household (家庭户) or a collective household (集体户).'),
    headCitizenId: citizenId,
    registeredOn: isoDate,
    memberCitizenIds: z.array(citizenId).describe('Everyone registered in the household, head first.'),
  })
  .meta({ id: 'Household', description: 'A household (户) of the register, with its members.' });
export type HouseholdView = z.infer<typeof householdView>;

/** A request to register a newborn in a household (出生登记), issuing the child's citizen ID. */
export const birthRegistrationRequest = z
  .object({
    householdId,
    name: z.string().trim().min(1).max(40),
    sex,
    birthDate: isoDate,
    ethnicity: z.string().min(1).default('汉族'),
    fatherCitizenId: citizenId.nullable(),
    motherCitizenId: citizenId,
    birthCertificateNumber: z
      .string()
      .regex(/^[A-Z]\d{9}$/)
      .describe(
        'The birth medical certificate the registration is based on; one registration per certificate.',
      ),
  })
  .meta({
    id: 'BirthRegistrationRequest',
    description: 'A request to register a newborn in a household (出生登记).',
  });
export type BirthRegistrationRequest = z.input<typeof birthRegistrationRequest>;

/** A completed birth registration. */
export const birthRegistration = z
  .object({
    citizenId: citizenId.describe('The citizen ID issued to the child.'),
    householdId: z.string(),
    birthCertificateNumber: z.string(),
    registeredOn: isoDate,
  })
  .meta({
    id: 'BirthRegistration',
    description: 'A completed birth registration, with the citizen ID issued.',
  });
export type BirthRegistration = z.infer<typeof birthRegistration>;

/** A registered address as the system answers it; `street` is empty outside the municipality's known streets. */
export const addressView = z
  .object({ divisionCode, street: z.string(), community: z.string(), detail: z.string() })
  .meta({ id: 'Address', description: 'A registered address.' });
export type AddressView = z.infer<typeof addressView>;

/** A new address for a household: every part is required, surrounding spaces are dropped. */
export const addressInput = z
  .object({
    divisionCode,
    street: z.string().trim().min(1).max(100).describe('A sub-district street (街道) of the division.'),
    community: z.string().trim().min(1).max(100).describe("Residents' community (社区)."),
    detail: z.string().trim().min(1).max(200).describe('Road, number, building and room.'),
  })
  .meta({ id: 'AddressInput', description: 'A new address: every part required.' });
export type AddressInput = z.infer<typeof addressInput>;

/**
 * Who asked for a change, as the system recorded it from the caller's token: the household head's
 * citizen ID, or `staff` for public-security staff.
 */
export const requester = z.union([z.literal('staff'), citizenId]);

/**
 * A request to move a household to a new address within the municipality (户口迁移, 市内). Who asks is
 * the caller, never the body: the household head, or public-security staff.
 */
export const addressChangeRequest = z.object({ address: addressInput }).meta({
  id: 'AddressChangeRequest',
  description: 'A request to move a household within the municipality; who asks is the caller.',
});
export type AddressChangeRequest = z.input<typeof addressChangeRequest>;

// Where a change stands at each subscribing department: the event protocol's, shared by every publisher.
export { type DepartmentSyncStatus, type DepartmentSyncView, departmentSyncStatus, departmentSyncView };

/** A household's address change with its delivery to every subscribing department. */
export const addressChangeView = z
  .object({
    id: z.uuid().describe('The change’s id, which is also the id of the event announcing it.'),
    householdId,
    sequence: z.number().int().min(1).describe("The change's place among the household's changes, from 1."),
    from: addressView,
    to: addressView,
    requestedBy: requester.describe(
      "Who asked, from the caller's token: the household head's citizen ID, or `staff`.",
    ),
    requestedAt: isoDateTime,
    deliveries: z.array(departmentSyncView).describe('One per subscribing department.'),
  })
  .meta({
    id: 'AddressChange',
    description: "A household's address change and its delivery to every department.",
  });
export type AddressChangeView = z.infer<typeof addressChangeView>;

/** A household's address changes, newest first. */
export const householdAddressChangesView = z
  .object({ householdId: z.string(), changes: z.array(addressChangeView) })
  .meta({ id: 'HouseholdAddressChanges', description: "A household's address changes, newest first." });
export type HouseholdAddressChangesView = z.infer<typeof householdAddressChangesView>;

/** The longest a share of one's records lasts, and how long it lasts when no end is given: one year. */
export const RECORD_SHARE_MAX_DAYS = 365;

/**
 * A request by an adult to let another adult member of their family household read their records in
 * full. Whose records are shared is the caller, never the body.
 */
export const recordShareRequest = z
  .object({
    readerCitizenId: citizenId.describe("The household member who may read the caller's records."),
    until: isoDate
      .nullable()
      .default(null)
      .describe(
        `The last day the share holds: after today and at most ${RECORD_SHARE_MAX_DAYS} days ahead; ` +
          `default ${RECORD_SHARE_MAX_DAYS} days from today.`,
      ),
  })
  .meta({
    id: 'RecordShareRequest',
    description: "A request to share the caller's records with a household member.",
  });
export type RecordShareRequest = z.input<typeof recordShareRequest>;

/** A request by an adult to stop sharing their records with a household member. */
export const recordShareEndRequest = z
  .object({ readerCitizenId: citizenId.describe('The household member who may no longer read them.') })
  .meta({ id: 'RecordShareEndRequest', description: "A request to stop sharing the caller's records." });
export type RecordShareEndRequest = z.input<typeof recordShareEndRequest>;

/** The seed's household the examples act on, its head and his wife. */
const EXAMPLE_HOUSEHOLD = '500112-341074';
const HEAD = '500112198702182917';
const SPOUSE = '500112199008316983';
/** The registration of the examples: a son of the household's head and his wife, on a certificate no one else has. */
const EXAMPLE_BIRTH = {
  householdId: EXAMPLE_HOUSEHOLD,
  name: '王一诺',
  sex: 'MALE',
  birthDate: '2025-09-07',
  fatherCitizenId: HEAD,
  motherCitizenId: SPOUSE,
  birthCertificateNumber: 'Z599999991',
} satisfies BirthRegistrationRequest;
/** The example household's son, a minor. */
const MINOR_CHILD = '500112201511277993';
/** Two students registered in the seed's university dormitory, a collective household. */
const DORMITORY_HEAD = '500106198510067933';
const DORMITORY_STUDENT = '500106200311307439';
const NEW_ADDRESS = {
  divisionCode: '500112',
  street: '回兴街道',
  community: '回兴社区',
  detail: '兴科大道8号2栋3-1',
};

/** The public-security department system's contract. */
export const publicSecurityContract = defineContract({
  department: 'public-security',
  title: 'Public-security department system (公安)',
  version: '2.0.0',
  description:
    'The population register: households (户) and the people registered in them, birth registration that issues ' +
    'citizen IDs, and household address changes, announced to every subscribing department as events.',
  endpoints: {
    peopleBatchGet: batchGet({
      operationId: 'peopleBatchGet',
      path: '/v1/people/batch-get',
      summary: 'The people with these citizen IDs',
      item: personView,
      exampleIds: [HEAD, SPOUSE],
    }),
    householdsBatchGet: batchGet({
      operationId: 'householdsBatchGet',
      path: '/v1/households/batch-get',
      summary: 'The households with these numbers',
      item: householdView,
      exampleIds: [EXAMPLE_HOUSEHOLD],
    }),
    registerBirth: idempotentWrite({
      operationId: 'registerBirth',
      writers: [SERVICE_CENTER_ON_APPLICATION, staffHolding('public-security:write')],
      path: '/v1/birth-registrations',
      summary: "Registers a newborn in a parent's household, issuing the child's citizen ID",
      description:
        'One registration per birth certificate; the ID is issued from the household’s division code.',
      request: birthRegistrationRequest,
      answer: birthRegistration,
      refusals: [
        { status: 404, code: 'HOUSEHOLD_NOT_FOUND', description: 'No household has this number.' },
        {
          status: 409,
          code: 'BIRTH_ALREADY_REGISTERED',
          description: 'The certificate was registered (`details.citizenId`).',
        },
        {
          status: 422,
          code: 'PARENT_NOT_IN_HOUSEHOLD',
          description: 'Neither parent is registered in the household.',
        },
      ],
      examples: {
        request: EXAMPLE_BIRTH,
        otherRequest: { ...EXAMPLE_BIRTH, name: '王二诺' },
        refusals: [
          // The father may not register his child himself: the service-center does, on his application.
          { code: 'FORBIDDEN', as: parseIdentity(HEAD), request: EXAMPLE_BIRTH },
          {
            code: 'HOUSEHOLD_NOT_FOUND',
            request: { ...EXAMPLE_BIRTH, householdId: '500112-999999', birthCertificateNumber: 'Z599999992' },
          },
          {
            code: 'PARENT_NOT_IN_HOUSEHOLD',
            request: { ...EXAMPLE_BIRTH, householdId: '500103-396901', birthCertificateNumber: 'Z599999992' },
          },
        ],
        // The certificate the valid request registered, asked again under another key.
        refusalsAfter: [{ code: 'BIRTH_ALREADY_REGISTERED', request: { ...EXAMPLE_BIRTH, name: '王三诺' } }],
      },
    }),
    changeHouseholdAddress: idempotentWrite({
      operationId: 'changeHouseholdAddress',
      // Citizens move their own household through the graph; the service-center has no errand that does.
      writers: [{ kind: 'citizen', who: 'the head of the household' }, staffHolding('public-security:write')],
      path: '/v1/households/{householdId}/address-changes',
      params: z.object({ householdId }),
      summary: 'Moves a household within the municipality and announces it to every subscribing department',
      description:
        'Answers the change with its deliveries (all `PENDING` at first); a repeat with the same key answers the ' +
        'change as it stands now. A refusal writes nothing. The requester is the caller: a citizen must head ' +
        'the household (`requestedBy` is their citizen ID), public-security staff are recorded as `staff`; ' +
        'the same key from another requester is refused as reused (`IDEMPOTENCY_KEY_REUSED`).',
      request: addressChangeRequest,
      answer: addressChangeView,
      refusals: [
        {
          status: 403,
          code: 'NOT_HOUSEHOLD_HEAD',
          description: 'The citizen asking is not the head of the household.',
        },
        { status: 404, code: 'HOUSEHOLD_NOT_FOUND', description: 'No household has this number.' },
        {
          status: 422,
          code: 'UNKNOWN_DIVISION',
          description: 'The division code is not one the register knows.',
        },
        {
          status: 422,
          code: 'MOVE_OUTSIDE_MUNICIPALITY',
          description: 'A move out of the municipality is a hukou transfer.',
        },
        {
          status: 422,
          code: 'UNKNOWN_STREET',
          description: 'The street is not a sub-district street of the division.',
        },
        {
          status: 422,
          code: 'SAME_ADDRESS',
          description: 'The household is already registered at this address.',
        },
      ],
      examples: {
        params: { householdId: EXAMPLE_HOUSEHOLD },
        request: { address: NEW_ADDRESS },
        otherRequest: { address: { ...NEW_ADDRESS, detail: '兴科大道8号2栋3-2' } },
        refusals: [
          // A clerk who may only read, and the service-center, which no errand lets move a household.
          {
            code: 'FORBIDDEN',
            as: parseIdentity('staff:public-security:public-security:read'),
            request: { address: NEW_ADDRESS },
          },
          {
            code: 'FORBIDDEN',
            as: {
              kind: 'service',
              service: 'service-center',
              actingFor: HEAD,
              applicationId: 'NB-20261120-000001',
            },
            request: { address: NEW_ADDRESS },
          },
          // The head's wife, a member of the household: a citizen may write, but only the head moves it.
          {
            code: 'NOT_HOUSEHOLD_HEAD',
            as: parseIdentity(SPOUSE),
            params: { householdId: EXAMPLE_HOUSEHOLD },
            request: { address: NEW_ADDRESS },
          },
          {
            code: 'UNKNOWN_DIVISION',
            params: { householdId: EXAMPLE_HOUSEHOLD },
            request: { address: { ...NEW_ADDRESS, divisionCode: '999999' } },
          },
          {
            code: 'HOUSEHOLD_NOT_FOUND',
            params: { householdId: '500112-999999' },
            request: { address: NEW_ADDRESS },
          },
          {
            code: 'MOVE_OUTSIDE_MUNICIPALITY',
            request: { address: { ...NEW_ADDRESS, divisionCode: '420103' } },
          },
          {
            code: 'UNKNOWN_STREET',
            request: { address: { ...NEW_ADDRESS, street: '无此街道' } },
          },
        ],
        refusalsAfter: [
          // Moved there by the valid request: the same address again (written with spaces around its detail,
          // so another request and key) changes nothing.
          {
            code: 'SAME_ADDRESS',
            request: { address: { ...NEW_ADDRESS, detail: ` ${NEW_ADDRESS.detail} ` } },
          },
        ],
      },
    }),
    shareRecords: idempotentWrite({
      operationId: 'shareRecords',
      writers: [{ kind: 'citizen', who: 'an adult of a family household, sharing their own records' }],
      path: '/v1/record-shares',
      summary: "Lets an adult member of the caller's family household read the caller's records in full",
      description:
        'The caller is the owner, never the body. Sharing again with the same member replaces the end of the ' +
        'share. A share is in force until `until` (default and at most one year from today) and ends at once ' +
        'when either leaves the household; `recordsSharedWith` of the people batch-get lists those in force.',
      request: recordShareRequest,
      answer: recordShareView,
      refusals: [
        { status: 422, code: 'SELF', description: 'The caller named themselves.' },
        {
          status: 422,
          code: 'COLLECTIVE_HOUSEHOLD',
          description:
            'The caller is registered in a collective household (集体户), where nothing is shared.',
        },
        {
          status: 422,
          code: 'NOT_HOUSEHOLD_MEMBER',
          description: "The person named is not a member of the caller's household (or is not registered).",
        },
        { status: 422, code: 'NOT_ADULT', description: 'The caller or the person named is under 18.' },
        {
          status: 422,
          code: 'UNTIL_OUT_OF_RANGE',
          description: '`until` is not after today or more than a year ahead.',
        },
      ],
      examples: (today) => ({
        as: parseIdentity(SPOUSE),
        request: { readerCitizenId: HEAD },
        otherRequest: { readerCitizenId: HEAD, until: addDays(today, 30) },
        refusals: [
          // Staff do not consent for a citizen.
          { code: 'FORBIDDEN', request: { readerCitizenId: HEAD } },
          { code: 'SELF', as: parseIdentity(HEAD), request: { readerCitizenId: HEAD } },
          {
            code: 'COLLECTIVE_HOUSEHOLD',
            as: parseIdentity(DORMITORY_STUDENT),
            request: { readerCitizenId: DORMITORY_HEAD },
          },
          {
            code: 'NOT_HOUSEHOLD_MEMBER',
            as: parseIdentity(HEAD),
            request: { readerCitizenId: DORMITORY_STUDENT },
          },
          { code: 'NOT_ADULT', as: parseIdentity(HEAD), request: { readerCitizenId: MINOR_CHILD } },
          {
            code: 'UNTIL_OUT_OF_RANGE',
            as: parseIdentity(HEAD),
            request: { readerCitizenId: SPOUSE, until: today },
          },
        ],
      }),
    }),
    stopSharingRecords: idempotentWrite({
      operationId: 'stopSharingRecords',
      writers: [{ kind: 'citizen', who: 'the adult whose records are shared' }],
      path: '/v1/record-shares/stop',
      status: 200,
      summary: "Ends the share in force of the caller's records with a household member",
      description: 'Answers the share as it stood. The caller is the owner, never the body.',
      request: recordShareEndRequest,
      answer: recordShareView,
      refusals: [
        {
          status: 404,
          code: 'NOT_SHARED',
          description: "The caller's records are not shared with this person.",
        },
      ],
      examples: {
        // Shared by the valid request of shareRecords, run before this one.
        as: parseIdentity(SPOUSE),
        request: { readerCitizenId: HEAD },
        otherRequest: { readerCitizenId: MINOR_CHILD },
        refusals: [
          { code: 'FORBIDDEN', request: { readerCitizenId: HEAD } },
          { code: 'NOT_SHARED', as: parseIdentity(HEAD), request: { readerCitizenId: SPOUSE } },
        ],
      },
    }),
    addressChangesBatchGet: batchGet({
      operationId: 'addressChangesBatchGet',
      path: '/v1/address-changes/batch-get',
      summary: 'The address changes with these ids',
      item: addressChangeView,
      exampleIds: ['00000000-0000-4000-8000-000000000000'],
    }),
    addressChangesByHousehold: batchGet({
      operationId: 'addressChangesByHousehold',
      path: '/v1/address-changes/by-household',
      summary: 'The address changes of these households, newest first',
      description:
        'One item per household asked about that the register knows, with its changes (possibly none).',
      item: householdAddressChangesView,
      exampleIds: [EXAMPLE_HOUSEHOLD],
    }),
  },
});
