/**
 * The public-security subgraph's client of its department system. Every answer is checked against the
 * contract in `schema/public-security/contract.ts`.
 */
import {
  type AddressChangeRequest,
  type AddressChangeView,
  type BirthRegistration,
  type BirthRegistrationRequest,
  type HouseholdAddressChangesView,
  type HouseholdView,
  type PersonView,
  publicSecurityContract,
  type RecordShareEndRequest,
  type RecordShareRequest,
  type RecordShareView,
} from '../../schema/public-security/contract.ts';
import type { DepartmentClient, ForwardedHeaders } from '../kit/departmentClient.ts';

/** The department's name: its subgraph's in rover.yaml, its contract's, and the one its errors carry. */
export const DEPARTMENT = publicSecurityContract.department;

const { endpoints } = publicSecurityContract;

/** The public-security department system, as seen by one request (its headers are forwarded). */
export class PublicSecurityClient {
  constructor(
    private readonly client: DepartmentClient,
    private readonly headers: ForwardedHeaders,
  ) {}

  /** The people with these citizen IDs, in one call; unknown IDs are absent. */
  async personsByIds(ids: readonly string[]): Promise<PersonView[]> {
    const answer = await this.client.call(
      endpoints.peopleBatchGet,
      { ids },
      {
        headers: this.headers,
      },
    );
    return answer.items;
  }

  /** The households with these numbers, in one call; unknown numbers are absent. */
  async householdsByIds(ids: readonly string[]): Promise<HouseholdView[]> {
    const answer = await this.client.call(
      endpoints.householdsBatchGet,
      { ids },
      {
        headers: this.headers,
      },
    );
    return answer.items;
  }

  /** Registers a newborn's hukou; repeating it with the same key returns the first registration. */
  async registerBirth(request: BirthRegistrationRequest, idempotencyKey: string): Promise<BirthRegistration> {
    return this.client.call(endpoints.registerBirth, request, {
      headers: this.headers,
      idempotencyKey,
    });
  }

  /**
   * Moves a household to a new address; repeating it with the same key answers the same change as it
   * stands now. `householdId` must already be a well-formed household number. The requester is the
   * caller whose token is forwarded, as the department records it.
   */
  async changeHouseholdAddress(
    householdId: string,
    request: AddressChangeRequest,
    idempotencyKey: string,
  ): Promise<AddressChangeView> {
    return this.client.call(endpoints.changeHouseholdAddress, request, {
      headers: this.headers,
      idempotencyKey,
      params: { householdId },
    });
  }

  /** Shares the caller's records with a member of their household (the department takes the owner from the token). */
  async shareRecords(request: RecordShareRequest, idempotencyKey: string): Promise<RecordShareView> {
    return this.client.call(endpoints.shareRecords, request, { headers: this.headers, idempotencyKey });
  }

  /** Ends the share in force of the caller's records with a member of their household. */
  async stopSharingRecords(request: RecordShareEndRequest, idempotencyKey: string): Promise<RecordShareView> {
    return this.client.call(endpoints.stopSharingRecords, request, { headers: this.headers, idempotencyKey });
  }

  /** The address changes with these ids, each with its deliveries, in one call; unknown ids are absent. */
  async addressChangesByIds(ids: readonly string[]): Promise<AddressChangeView[]> {
    const answer = await this.client.call(
      endpoints.addressChangesBatchGet,
      { ids },
      {
        headers: this.headers,
      },
    );
    return answer.items;
  }

  /** The address changes of these households, newest first, in one call; unknown households are absent. */
  async addressChangesByHouseholds(ids: readonly string[]): Promise<HouseholdAddressChangesView[]> {
    const answer = await this.client.call(
      endpoints.addressChangesByHousehold,
      { ids },
      { headers: this.headers },
    );
    return answer.items;
  }
}
