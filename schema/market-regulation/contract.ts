/**
 * The contract of the market-regulation department's system (市场监管): the enterprise register, the
 * dishonesty list, recorded authorisations and food business licences; who may act for an enterprise;
 * and the acts of the enterprise errands — a name declared (名称自主申报), an enterprise registered
 * (营业执照), a food business licence issued (食品经营许可证) — and of the change errand: a registration
 * changed (变更登记), announced to the departments that follow it. The market-regulation subgraph's client
 * parses every answer with it and the department system parses every request with it;
 * `npm run compose` prints it as `schema/market-regulation/openapi.yaml`.
 */
import { z } from 'zod';
import { parseIdentity } from '../../lib/auth/identity.ts';
import { batchGet, defineContract, idempotentWrite, read } from '../../lib/contract/endpoint.ts';
import { citizenId, divisionCode, isoDate } from '../../lib/contract/fields.ts';
import { SERVICE_CENTER_ON_APPLICATION, staffHolding } from '../../lib/contract/writers.ts';
import {
  enterpriseRegistrationChanges,
  registrationChangeRequest,
  registrationChangeView,
} from './changes.ts';
import { registrationCheckRequest, registrationCheckView } from './checks.ts';
import {
  authorisationView,
  creditCode,
  enterpriseAuthorisations,
  enterpriseStatus,
  enterpriseType,
  enterpriseView,
  foodBusinessItem,
  foodLicenceView,
  industry,
  premises,
  registeredAddress,
  representedEnterprises,
} from './views.ts';

export * from './changes.ts';
export * from './checks.ts';
export * from './views.ts';

/** How a citizen may act for an enterprise, as the register and the recorded authorisations say. */
export const representationRole = z.enum(['LEGAL_REPRESENTATIVE', 'AUTHORISED_AGENT', 'NONE']);
export type RepresentationRole = z.infer<typeof representationRole>;

/** Who may act for an enterprise: the question. */
export const representationRequest = z
  .object({ creditCode, citizenId })
  .meta({ id: 'RepresentationRequest', description: 'May this citizen act for this enterprise?' });

/** Who may act for an enterprise: the answer, decided on the day it is asked. */
export const representationView = z
  .object({
    creditCode,
    citizenId,
    role: representationRole,
    enterpriseStatus,
    authorisation: authorisationView
      .nullable()
      .describe('The authorisation an AUTHORISED_AGENT acts under (valid today); null otherwise.'),
  })
  .meta({ id: 'Representation', description: 'How a citizen may act for an enterprise today.' });
export type RepresentationView = z.infer<typeof representationView>;

/** A proposed enterprise name to declare and reserve (名称自主申报). */
export const nameDeclarationRequest = z
  .object({
    name: z.string().trim().min(4).max(60).describe('The full proposed name, e.g. 重庆山城小面餐饮有限公司.'),
    divisionCode: divisionCode.describe('The district the enterprise will be registered in.'),
    applicantCitizenId: citizenId.describe('Who declares the name; it is reserved for them.'),
  })
  .meta({ id: 'NameDeclarationRequest', description: 'A proposed enterprise name to reserve.' });
export type NameDeclarationRequest = z.input<typeof nameDeclarationRequest>;

/** A declared name, reserved for its applicant until `reservedUntil`. */
export const nameDeclarationView = z
  .object({
    id: z
      .string()
      .regex(/^MC\d{6}-\d{6}$/)
      .describe('The declaration number, e.g. MC500103-000001.'),
    name: z.string(),
    divisionCode,
    applicantCitizenId: citizenId,
    declaredOn: isoDate,
    reservedUntil: isoDate,
  })
  .meta({ id: 'NameDeclaration', description: 'A declared enterprise name, reserved for its applicant.' });
export type NameDeclarationView = z.infer<typeof nameDeclarationView>;

/** A request to register an enterprise (设立登记): the business licence is issued with a new credit code. */
export const enterpriseRegistrationRequest = z
  .object({
    name: z.string().trim().min(4).max(60),
    type: enterpriseType,
    industry,
    registeredAddress,
    businessScope: z.string().trim().min(1).max(500),
    legalRepresentativeCitizenId: citizenId,
  })
  .meta({ id: 'EnterpriseRegistrationRequest', description: 'A request to register an enterprise.' });
export type EnterpriseRegistrationRequest = z.input<typeof enterpriseRegistrationRequest>;

/** A request for a food business licence for an enterprise's premises. */
export const foodLicenceRequest = z
  .object({ creditCode, premises, businessItems: z.array(foodBusinessItem).min(1).max(6) })
  .meta({ id: 'FoodLicenceRequest', description: 'A request for a food business licence.' });
export type FoodLicenceRequest = z.input<typeof foodLicenceRequest>;

// Records of the published seed (mocks/market-regulation/data/) the examples name.
/** A restaurant in business, with a food licence and a recorded agent. */
const RESTAURANT = '91500103MA3RXQW46F';
/** Its legal representative. */
const RESTAURANT_REPRESENTATIVE = '500106199304172120';
/** A caterer (个体工商户) registered ten days before the reference date, without a food licence yet: no example writes a licence for it but `request`. */
const UNLICENSED_CATERER = '92500105MA0W5Y6ADY';
/** The one enterprise on the dishonesty list. */
const DISHONEST = '91500106MA1CGTL13W';
/** Its legal representative, who may not represent a new enterprise. */
const DISHONEST_REPRESENTATIVE = '500108199607113382';
/** An enterprise whose business licence was revoked. */
const REVOKED = '91500105MA4L8J4CTM';
/** A valid credit code no enterprise of the register has. */
const UNKNOWN = '91500103MA0000000Q';
/** A citizen of the register who represents no enterprise. */
const BYSTANDER = '500112198702182917';
/** A software company no other example writes to: the registration change's example renames it. */
const SOFTWARE_COMPANY = '91500103MA3MKGG6Y6';

const address = (divisionCode: string) => ({
  divisionCode,
  street: '解放碑街道',
  community: '民生路社区',
  detail: '民族路88号1-1',
});

const registration = (name: string, representative = RESTAURANT_REPRESENTATIVE) => ({
  name,
  type: 'LIMITED_COMPANY' as const,
  industry: 'CATERING' as const,
  registeredAddress: address('500103'),
  businessScope: '餐饮服务；食品销售',
  legalRepresentativeCitizenId: representative,
});

const licence = (code: string, divisionCode = '500105', floorArea = 120) => ({
  creditCode: code,
  premises: {
    address: { ...address(divisionCode), street: '观音桥街道', community: '建新东路社区' },
    floorArea,
    seats: 40,
  },
  businessItems: ['HOT_FOOD' as const, 'HOMEMADE_DRINKS' as const],
});

const NOT_FOUND = {
  status: 404,
  code: 'ENTERPRISE_NOT_FOUND',
  description: 'No enterprise has this credit code.',
};
const NAME_TAKEN = {
  status: 409,
  code: 'NAME_TAKEN',
  description:
    'An enterprise of the register has the name, or another applicant’s declaration reserves it (`details.holder`: ENTERPRISE or DECLARATION).',
};
const WRITERS = [SERVICE_CENTER_ON_APPLICATION, staffHolding('market-regulation:write')];
const NOT_ACTIVE = {
  status: 422,
  code: 'ENTERPRISE_NOT_ACTIVE',
  description: 'The enterprise is revoked or deregistered.',
};
const OUTSIDE_MUNICIPALITY = {
  status: 422,
  code: 'ADDRESS_OUTSIDE_MUNICIPALITY',
  description: 'The registered address is not in the municipality.',
};
const RESTRICTED = {
  status: 422,
  code: 'REPRESENTATIVE_RESTRICTED',
  description:
    'The legal representative represents an enterprise on the dishonesty list (失信联合惩戒) and may not represent another.',
};

/** The market-regulation department system's contract. */
export const marketRegulationContract = defineContract({
  department: 'market-regulation',
  title: 'Market-regulation department system (市场监管)',
  version: '1.0.0',
  description:
    'The enterprise register, the dishonesty list, authorisations of agents and food business licences; who may act for an enterprise; names declared, enterprises registered, food licences issued.',
  endpoints: {
    enterprisesBatchGet: batchGet({
      operationId: 'enterprisesBatchGet',
      path: '/v1/enterprises/batch-get',
      summary: 'The enterprises with these credit codes, with their licences and any dishonesty listing',
      item: enterpriseView,
      exampleIds: [RESTAURANT, DISHONEST],
    }),
    representedEnterprisesBatchGet: batchGet({
      operationId: 'representedEnterprisesBatchGet',
      path: '/v1/representatives/batch-get',
      summary: 'The enterprises each of these citizens is the legal representative of',
      description: 'One item per citizen who represents at least one enterprise; others are absent.',
      item: representedEnterprises,
      exampleIds: [RESTAURANT_REPRESENTATIVE],
    }),
    authorisationsBatchGet: batchGet({
      operationId: 'authorisationsBatchGet',
      path: '/v1/authorisations/batch-get',
      summary: 'The authorisations these enterprises recorded, newest first',
      description: 'One item per enterprise with at least one authorisation; others are absent.',
      item: enterpriseAuthorisations,
      exampleIds: [RESTAURANT],
    }),
    representationOf: read({
      operationId: 'representationOf',
      path: '/v1/representations/resolve',
      summary:
        'Whether a citizen may act for an enterprise: its legal representative, an authorised agent, or neither',
      description:
        'Decided from the register and the authorisations valid today. The citizen is the one asked about, never a claim of the caller.',
      request: representationRequest,
      answer: representationView,
      refusals: [NOT_FOUND],
      examples: {
        request: { creditCode: RESTAURANT, citizenId: RESTAURANT_REPRESENTATIVE },
        refusals: [{ code: 'ENTERPRISE_NOT_FOUND', request: { creditCode: UNKNOWN, citizenId: BYSTANDER } }],
      },
    }),
    registrationCheck: read({
      operationId: 'registrationCheck',
      path: '/v1/registration-checks',
      summary:
        'Checks a proposed registration or registration change against the register’s rules, changing nothing',
      description:
        'Every rule the proposal breaks is answered as a violation, with the enterprise it concerns; none when it may be done today. ' +
        'With a credit code it is a change of that enterprise: its own name is not taken by itself, and its own representative is not restricted by it.',
      request: registrationCheckRequest,
      answer: registrationCheckView,
      examples: {
        request: {
          creditCode: RESTAURANT,
          name: '重庆渝味烤鱼餐饮有限公司',
          registeredAddress: address('510107'),
          legalRepresentativeCitizenId: DISHONEST_REPRESENTATIVE,
        },
      },
    }),
    declareEnterpriseName: idempotentWrite({
      operationId: 'declareEnterpriseName',
      writers: WRITERS,
      path: '/v1/name-declarations',
      summary: 'Declares a proposed enterprise name and reserves it for its applicant for 30 days',
      description: 'The same applicant declaring the name again is answered with the reservation they hold.',
      request: nameDeclarationRequest,
      answer: nameDeclarationView,
      refusals: [NAME_TAKEN],
      examples: {
        request: { name: '重庆契约测试餐饮有限公司', divisionCode: '500103', applicantCitizenId: BYSTANDER },
        otherRequest: {
          name: '重庆契约测试二号餐饮有限公司',
          divisionCode: '500103',
          applicantCitizenId: BYSTANDER,
        },
        refusals: [
          {
            code: 'FORBIDDEN',
            as: parseIdentity(BYSTANDER),
            request: {
              name: '重庆契约测试餐饮有限公司',
              divisionCode: '500103',
              applicantCitizenId: BYSTANDER,
            },
          },
          {
            code: 'NAME_TAKEN',
            request: {
              name: '重庆渝味烤鱼餐饮有限公司',
              divisionCode: '500103',
              applicantCitizenId: BYSTANDER,
            },
          },
        ],
        refusalsAfter: [
          {
            code: 'NAME_TAKEN',
            request: {
              name: '重庆契约测试餐饮有限公司',
              divisionCode: '500103',
              applicantCitizenId: RESTAURANT_REPRESENTATIVE,
            },
          },
        ],
      },
    }),
    registerEnterprise: idempotentWrite({
      operationId: 'registerEnterprise',
      writers: WRITERS,
      path: '/v1/enterprises',
      summary: 'Registers an enterprise and issues its business licence (营业执照) with a new credit code',
      request: enterpriseRegistrationRequest,
      answer: enterpriseView,
      refusals: [NAME_TAKEN, OUTSIDE_MUNICIPALITY, RESTRICTED],
      examples: {
        request: registration('重庆契约测试登记餐饮有限公司'),
        otherRequest: registration('重庆契约测试登记二号餐饮有限公司'),
        refusals: [
          {
            code: 'FORBIDDEN',
            as: parseIdentity(RESTAURANT_REPRESENTATIVE),
            request: registration('重庆契约测试登记餐饮有限公司'),
          },
          { code: 'NAME_TAKEN', request: registration('重庆渝味烤鱼餐饮有限公司') },
          {
            code: 'ADDRESS_OUTSIDE_MUNICIPALITY',
            request: { ...registration('成都契约测试餐饮有限公司'), registeredAddress: address('510107') },
          },
          {
            code: 'REPRESENTATIVE_RESTRICTED',
            request: registration('重庆契约测试失信餐饮有限公司', DISHONEST_REPRESENTATIVE),
          },
        ],
        refusalsAfter: [
          { code: 'NAME_TAKEN', request: registration('重庆契约测试登记餐饮有限公司', BYSTANDER) },
        ],
      },
    }),
    issueFoodBusinessLicence: idempotentWrite({
      operationId: 'issueFoodBusinessLicence',
      writers: WRITERS,
      path: '/v1/food-licences',
      summary:
        'Issues a food business licence (食品经营许可证) for an enterprise’s premises, valid five years',
      request: foodLicenceRequest,
      answer: foodLicenceView,
      refusals: [
        NOT_FOUND,
        {
          status: 409,
          code: 'FOOD_LICENCE_EXISTS',
          description: 'A licence valid today covers the same premises (`details.licenceNumber`).',
        },
        NOT_ACTIVE,
        {
          status: 422,
          code: 'ENTERPRISE_DISHONEST',
          description: 'The enterprise is on the dishonesty list.',
        },
        {
          status: 422,
          code: 'PREMISES_OUTSIDE_MUNICIPALITY',
          description: 'The premises are not in the municipality.',
        },
      ],
      examples: {
        request: licence(UNLICENSED_CATERER),
        otherRequest: licence(UNLICENSED_CATERER, '500105', 480),
        refusals: [
          {
            code: 'FORBIDDEN',
            as: parseIdentity(RESTAURANT_REPRESENTATIVE),
            request: licence(UNLICENSED_CATERER),
          },
          { code: 'ENTERPRISE_NOT_FOUND', request: licence(UNKNOWN) },
          { code: 'ENTERPRISE_NOT_ACTIVE', request: licence(REVOKED) },
          { code: 'ENTERPRISE_DISHONEST', request: licence(DISHONEST) },
          {
            code: 'PREMISES_OUTSIDE_MUNICIPALITY',
            request: {
              ...licence(UNLICENSED_CATERER),
              premises: { ...licence(UNLICENSED_CATERER).premises, address: address('420103') },
            },
          },
        ],
        refusalsAfter: [
          {
            code: 'FOOD_LICENCE_EXISTS',
            request: { ...licence(UNLICENSED_CATERER), businessItems: ['COLD_FOOD'] },
          },
        ],
      },
    }),
    changeEnterpriseRegistration: idempotentWrite({
      operationId: 'changeEnterpriseRegistration',
      writers: WRITERS,
      path: '/v1/enterprises/{creditCode}/changes',
      params: z.object({ creditCode }),
      summary:
        'Changes an enterprise’s name, registered address or legal representative (变更登记) and announces it to every subscribing department',
      description:
        'In one transaction: the register, the food business licences whose premises were at the old registered address ' +
        '(they follow the move), and an `enterprise.registration-changed` event for the subscribers. Answers the change ' +
        'with its deliveries (market regulation’s own APPLIED, the subscribers’ PENDING at first); a repeat with the same ' +
        'key answers the change as it stands now. A refusal writes nothing.',
      request: registrationChangeRequest,
      answer: registrationChangeView,
      refusals: [
        NOT_FOUND,
        NOT_ACTIVE,
        NAME_TAKEN,
        OUTSIDE_MUNICIPALITY,
        RESTRICTED,
        {
          status: 422,
          code: 'NOTHING_TO_CHANGE',
          description: 'Nothing given differs from the register.',
        },
      ],
      examples: {
        params: { creditCode: SOFTWARE_COMPANY },
        request: { name: '重庆契约测试变更网络科技有限公司' },
        otherRequest: { name: '重庆契约测试变更二号网络科技有限公司' },
        refusals: [
          {
            code: 'FORBIDDEN',
            as: parseIdentity(RESTAURANT_REPRESENTATIVE),
            request: { name: '重庆契约测试变更网络科技有限公司' },
          },
          {
            code: 'ENTERPRISE_NOT_FOUND',
            params: { creditCode: UNKNOWN },
            request: { name: '重庆契约测试未知有限公司' },
          },
          {
            code: 'ENTERPRISE_NOT_ACTIVE',
            params: { creditCode: REVOKED },
            request: { name: '重庆契约测试吊销有限公司' },
          },
          { code: 'NAME_TAKEN', request: { name: '重庆渝味烤鱼餐饮有限公司' } },
          { code: 'ADDRESS_OUTSIDE_MUNICIPALITY', request: { registeredAddress: address('510107') } },
          {
            code: 'REPRESENTATIVE_RESTRICTED',
            request: { legalRepresentativeCitizenId: DISHONEST_REPRESENTATIVE },
          },
          { code: 'NOTHING_TO_CHANGE', request: {} },
        ],
        // The same name again, with the address it already has, under another key: nothing differs.
        refusalsAfter: [
          {
            code: 'NOTHING_TO_CHANGE',
            request: {
              name: '重庆契约测试变更网络科技有限公司',
              registeredAddress: {
                divisionCode: '500103',
                street: '两路口街道',
                community: '桂花园社区',
                detail: '中山三路111号12-7',
              },
            },
          },
        ],
      },
    }),
    registrationChangesBatchGet: batchGet({
      operationId: 'registrationChangesBatchGet',
      path: '/v1/registration-changes/by-enterprise',
      summary:
        'Each of these enterprises’ registration changes, newest first, with each department’s progress',
      description:
        'One item per enterprise of the register, with no changes when it made none; unknown codes are absent.',
      item: enterpriseRegistrationChanges,
      exampleIds: [RESTAURANT, SOFTWARE_COMPANY],
    }),
  },
});
