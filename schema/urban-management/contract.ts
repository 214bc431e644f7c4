/**
 * The contract of the urban-management department's system (城市管理): the outdoor signboards
 * (户外招牌设置) and the permits to discharge sewage into the municipal network
 * (城镇污水排入排水管网许可) it holds of enterprises' premises; whether a signboard of a size may be
 * set up; and the acts of the restaurant errand — a signboard registered, a drainage permit issued.
 * The urban-management subgraph's client parses every answer with it and the department system
 * parses every request with it; `npm run compose` prints it as `schema/urban-management/openapi.yaml`.
 */
import { z } from 'zod';
import { parseIdentity } from '../../lib/auth/identity.ts';
import {
  batchGet,
  defineContract,
  eventReceiver,
  idempotentWrite,
  read,
} from '../../lib/contract/endpoint.ts';
import { citizenId } from '../../lib/contract/fields.ts';
import { SERVICE_CENTER_ON_APPLICATION, staffHolding } from '../../lib/contract/writers.ts';
import {
  ENTERPRISE_REGISTRATION_CHANGED,
  enterpriseRegistrationChangedExample,
} from '../market-regulation/events.ts';
import {
  creditCode,
  drainagePermitView,
  enterpriseRecords,
  premisesAddress,
  signboardAssessment,
  signboardSize,
  signboardView,
} from './views.ts';

export * from './views.ts';

/** A signboard to register for an enterprise's premises (店招设置登记). */
export const signboardRequest = z
  .object({
    creditCode,
    address: premisesAddress.describe('The premises the signboard hangs on.'),
    text: z.string().trim().min(1).max(40).describe('What the signboard says, e.g. the shop’s trade name.'),
    size: signboardSize,
    applicantCitizenId: citizenId.describe('Who applies for the enterprise: its representative or an agent.'),
  })
  .meta({ id: 'SignboardRequest', description: 'A signboard to register for premises.' });
export type SignboardRequest = z.input<typeof signboardRequest>;

/** A permit to discharge sewage into the municipal network, applied for. */
export const drainagePermitRequest = z
  .object({
    creditCode,
    address: premisesAddress.describe('The premises that discharge.'),
    dailyVolume: z
      .number()
      .describe('The expected daily discharge in cubic metres; a positive number (refused otherwise).'),
    applicantCitizenId: citizenId.describe('Who applies for the enterprise: its representative or an agent.'),
  })
  .meta({ id: 'DrainagePermitRequest', description: 'A drainage permit applied for.' });
export type DrainagePermitRequest = z.input<typeof drainagePermitRequest>;

// Records of the published seed the examples name. The enterprises are market regulation's (its seed
// is drawn before urban management's, so their codes do not move when this department's draws do);
// every licensed restaurant has a signboard and a drainage permit at its licensed premises.
/** A licensed restaurant of market regulation's register: it has urban-management records. */
const RESTAURANT = '91500103MA3RXQW46F';
/** A caterer registered without a food licence, and so without urban-management records: only the examples' writes give it one. */
const UNLICENSED_CATERER = '92500105MA0W5Y6ADY';
/** Its legal representative, who applies for it. */
const CATERER_REPRESENTATIVE = '50010819910720582X';
/** A citizen of the register who represents no enterprise. */
const BYSTANDER = '500112198702182917';

const address = (divisionCode = '500105', detail = '建新北路22号3栋3单元1-3') => ({
  divisionCode,
  street: '观音桥街道',
  community: '北城天街社区',
  detail,
});

const signboard = (width = 6, height = 1.2, frontageWidth = 8, text = '北城天街小面') => ({
  creditCode: UNLICENSED_CATERER,
  address: address(),
  text,
  size: { width, height, frontageWidth },
  applicantCitizenId: CATERER_REPRESENTATIVE,
});

const permit = (dailyVolume = 4.5, divisionCode = '500105', detail?: string) => ({
  creditCode: UNLICENSED_CATERER,
  address: address(divisionCode, detail),
  dailyVolume,
  applicantCitizenId: CATERER_REPRESENTATIVE,
});

const OUTSIDE = {
  status: 422,
  code: 'PREMISES_OUTSIDE_MUNICIPALITY',
  description: 'The premises are not in the municipality: their own city’s urban management decides.',
};
const WRITERS = [SERVICE_CENTER_ON_APPLICATION, staffHolding('urban-management:write')];

/** The urban-management department system's contract. */
export const urbanManagementContract = defineContract({
  department: 'urban-management',
  title: 'Urban-management department system (城市管理)',
  version: '1.0.0',
  description:
    'Outdoor signboards and permits to discharge sewage into the municipal network, held of enterprises’ premises; the size rules of signboards; signboards registered and drainage permits issued.',
  endpoints: {
    enterpriseRecordsBatchGet: batchGet({
      operationId: 'enterpriseRecordsBatchGet',
      path: '/v1/enterprise-records/batch-get',
      summary: 'The signboards and drainage permits of the enterprises with these credit codes, newest first',
      description: 'One item per enterprise with at least one record; others are absent.',
      item: enterpriseRecords,
      exampleIds: [RESTAURANT],
    }),
    assessSignboard: read({
      operationId: 'assessSignboard',
      path: '/v1/signboards/assess',
      summary: 'Whether a signboard of this size may be set up, naming every size rule it breaks',
      description:
        'The rules: no wider than the frontage it hangs on, at most 1.5 m tall, at most 20 m². Asked before any act, so an oversize signboard is refused before anything is done.',
      request: signboardSize,
      answer: signboardAssessment,
      examples: { request: { width: 6, height: 1.2, frontageWidth: 8 } },
    }),
    registerSignboard: idempotentWrite({
      operationId: 'registerSignboard',
      writers: WRITERS,
      path: '/v1/signboards',
      summary: 'Registers an outdoor signboard (户外招牌设置) for an enterprise’s premises',
      request: signboardRequest,
      answer: signboardView,
      refusals: [
        {
          status: 422,
          code: 'SIGNBOARD_OVERSIZE',
          description:
            'The signboard breaks a size rule: `details.violations` names each (WIDER_THAN_FRONTAGE, TALLER_THAN_LIMIT, AREA_OVER_LIMIT) with its limit.',
        },
        OUTSIDE,
        {
          status: 409,
          code: 'SIGNBOARD_EXISTS',
          description:
            'The premises have a signboard already (一店一招, one shop one signboard): `details.signboardId`.',
        },
      ],
      examples: {
        request: signboard(),
        otherRequest: signboard(5, 1, 8, '北城天街小面馆'),
        refusals: [
          { code: 'FORBIDDEN', as: parseIdentity(BYSTANDER), request: signboard() },
          { code: 'SIGNBOARD_OVERSIZE', request: signboard(9, 1.2, 8) },
          { code: 'SIGNBOARD_OVERSIZE', request: signboard(16, 1.5, 18) },
          {
            code: 'PREMISES_OUTSIDE_MUNICIPALITY',
            request: { ...signboard(), address: address('510107') },
          },
        ],
        refusalsAfter: [{ code: 'SIGNBOARD_EXISTS', request: signboard(4, 1, 8, '北城天街面馆') }],
      },
    }),
    issueDrainagePermit: idempotentWrite({
      operationId: 'issueDrainagePermit',
      writers: WRITERS,
      path: '/v1/drainage-permits',
      summary:
        'Issues a permit to discharge sewage into the municipal network (城镇污水排入排水管网许可证), valid five years',
      request: drainagePermitRequest,
      answer: drainagePermitView,
      refusals: [
        {
          status: 422,
          code: 'DAILY_VOLUME_NOT_POSITIVE',
          description: 'The expected daily discharge is not a positive number of cubic metres.',
        },
        OUTSIDE,
        {
          status: 409,
          code: 'DRAINAGE_PERMIT_EXISTS',
          description: 'A permit valid today covers the same premises (`details.permitNumber`).',
        },
      ],
      examples: {
        request: permit(),
        otherRequest: permit(6),
        refusals: [
          { code: 'FORBIDDEN', as: parseIdentity(BYSTANDER), request: permit() },
          { code: 'DAILY_VOLUME_NOT_POSITIVE', request: permit(0) },
          { code: 'DAILY_VOLUME_NOT_POSITIVE', request: permit(-2) },
          { code: 'PREMISES_OUTSIDE_MUNICIPALITY', request: permit(4.5, '420103') },
        ],
        refusalsAfter: [{ code: 'DRAINAGE_PERMIT_EXISTS', request: permit(8) }],
      },
    }),
    receiveEvent: eventReceiver({
      publishers: ['market-regulation'],
      types: [ENTERPRISE_REGISTRATION_CHANGED],
      example: enterpriseRegistrationChangedExample,
    }),
  },
});
