/**
 * The public-security subgraph's client of its department API. Every answer is checked against the
 * API contract in `mocks/public-security/api.ts`.
 */
import {
  type AddressChangeRequest,
  type AddressChangeView,
  addressChangeView,
  type BirthRegistration,
  type BirthRegistrationRequest,
  batchAnswer,
  birthRegistration,
  type HouseholdAddressChangesView,
  type HouseholdView,
  householdAddressChangesView,
  householdView,
  type PersonView,
  personView,
} from '../../mocks/public-security/api.ts';
import type { DepartmentClient, ForwardedHeaders } from '../kit/departmentClient.ts';

const personsAnswer = batchAnswer(personView);
const householdsAnswer = batchAnswer(householdView);
const addressChangesAnswer = batchAnswer(addressChangeView);
const householdAddressChangesAnswer = batchAnswer(householdAddressChangesView);

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

  /**
   * Moves a household to a new address; repeating it with the same key answers the same change as it
   * stands now. `householdId` must already be a well-formed household number: it goes in the path.
   */
  async changeHouseholdAddress(
    householdId: string,
    request: AddressChangeRequest,
    idempotencyKey: string,
  ): Promise<AddressChangeView> {
    return this.client.post(`/v1/households/${householdId}/address-changes`, request, addressChangeView, {
      headers: this.headers,
      idempotencyKey,
    });
  }

  /** The address changes with these ids, each with its deliveries, in one call; unknown ids are absent. */
  async addressChangesByIds(ids: readonly string[]): Promise<AddressChangeView[]> {
    const answer = await this.client.post('/v1/address-changes/batch-get', { ids }, addressChangesAnswer, {
      headers: this.headers,
    });
    return answer.items;
  }

  /** The address changes of these households, newest first, in one call; unknown households are absent. */
  async addressChangesByHouseholds(ids: readonly string[]): Promise<HouseholdAddressChangesView[]> {
    const answer = await this.client.post(
      '/v1/address-changes/by-household',
      { ids },
      householdAddressChangesAnswer,
      { headers: this.headers },
    );
    return answer.items;
  }
}
