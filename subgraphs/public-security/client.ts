/**
 * The public-security subgraph's client of its department API. Every answer is checked against the
 * API contract in `mocks/public-security/api.ts`.
 */
import {
  type BirthRegistration,
  type BirthRegistrationRequest,
  batchAnswer,
  birthRegistration,
  type HouseholdView,
  householdView,
  type PersonView,
  personView,
} from '../../mocks/public-security/api.ts';
import type { DepartmentClient, ForwardedHeaders } from '../kit/departmentClient.ts';

const personsAnswer = batchAnswer(personView);
const householdsAnswer = batchAnswer(householdView);

/** The public-security department API, as seen by one request (its headers are forwarded). */
export class PublicSecurityApi {
  constructor(
    private readonly client: DepartmentClient,
    private readonly headers: ForwardedHeaders,
  ) {}

  /** The people with these citizen IDs, in one call; unknown IDs are absent. */
  async personsByIds(ids: readonly string[]): Promise<PersonView[]> {
    const answer = await this.client.post('/v1/persons/batch-get', { ids }, personsAnswer, {
      headers: this.headers,
    });
    return answer.items;
  }

  /** The households with these numbers, in one call; unknown numbers are absent. */
  async householdsByIds(ids: readonly string[]): Promise<HouseholdView[]> {
    const answer = await this.client.post('/v1/households/batch-get', { ids }, householdsAnswer, {
      headers: this.headers,
    });
    return answer.items;
  }

  /** Registers a newborn's hukou; repeating it with the same key returns the first registration. */
  async registerBirth(request: BirthRegistrationRequest, idempotencyKey: string): Promise<BirthRegistration> {
    return this.client.post('/v1/birth-registrations', request, birthRegistration, {
      headers: this.headers,
      idempotencyKey,
    });
  }
}
