/**
 * The market-regulation subgraph's client of its department system. Every answer is checked against
 * the contract in `schema/market-regulation/contract.ts`.
 */
import {
  type EnterpriseAuthorisations,
  type EnterpriseRegistrationChanges,
  type EnterpriseRegistrationRequest,
  type EnterpriseView,
  type FoodLicenceRequest,
  type FoodLicenceView,
  marketRegulationContract,
  type NameDeclarationRequest,
  type NameDeclarationView,
  type RegistrationChangeRequest,
  type RegistrationChangeView,
  type RegistrationCheckRequest,
  type RegistrationCheckView,
  type RepresentationView,
  type RepresentedEnterprises,
} from '../../schema/market-regulation/contract.ts';
import type { DepartmentClient, ForwardedHeaders } from '../kit/departmentClient.ts';

/** The department's name: its subgraph's in rover.yaml, its contract's, and the one its errors carry. */
export const DEPARTMENT = marketRegulationContract.department;

const { endpoints } = marketRegulationContract;

/** The market-regulation department system, as seen by one request (its headers are forwarded). */
export class MarketRegulationClient {
  constructor(
    private readonly client: DepartmentClient,
    private readonly headers: ForwardedHeaders,
  ) {}

  /** The enterprises with these credit codes, in one call; unknown codes are absent. */
  async enterprisesOf(creditCodes: readonly string[]): Promise<EnterpriseView[]> {
    const answer = await this.client.call(
      endpoints.enterprisesBatchGet,
      { ids: creditCodes },
      { headers: this.headers },
    );
    return answer.items;
  }

  /** The enterprises each of these citizens represents, in one call; citizens who represent none are absent. */
  async representedBy(citizenIds: readonly string[]): Promise<RepresentedEnterprises[]> {
    const answer = await this.client.call(
      endpoints.representedEnterprisesBatchGet,
      { ids: citizenIds },
      { headers: this.headers },
    );
    return answer.items;
  }

  /** The authorisations of these enterprises, in one call; enterprises without one are absent. */
  async authorisationsOf(creditCodes: readonly string[]): Promise<EnterpriseAuthorisations[]> {
    const answer = await this.client.call(
      endpoints.authorisationsBatchGet,
      { ids: creditCodes },
      { headers: this.headers },
    );
    return answer.items;
  }

  /** The registration changes of these enterprises, in one call; codes the register lacks are absent. */
  async registrationChangesOf(creditCodes: readonly string[]): Promise<EnterpriseRegistrationChanges[]> {
    const answer = await this.client.call(
      endpoints.registrationChangesBatchGet,
      { ids: creditCodes },
      { headers: this.headers },
    );
    return answer.items;
  }

  /** Changes an enterprise's registration; repeating it with the same key answers the change as it stands. */
  changeRegistration(
    creditCode: string,
    request: RegistrationChangeRequest,
    idempotencyKey: string,
  ): Promise<RegistrationChangeView> {
    return this.client.call(endpoints.changeEnterpriseRegistration, request, {
      headers: this.headers,
      idempotencyKey,
      params: { creditCode },
    });
  }

  /** How a citizen may act for an enterprise today. */
  representationOf(creditCode: string, citizenId: string): Promise<RepresentationView> {
    return this.client.call(endpoints.representationOf, { creditCode, citizenId }, { headers: this.headers });
  }

  /** The rules a proposed registration or change breaks; the department changes nothing. */
  registrationCheck(request: RegistrationCheckRequest): Promise<RegistrationCheckView> {
    return this.client.call(endpoints.registrationCheck, request, { headers: this.headers });
  }

  /** Declares and reserves a name; repeating it with the same key returns the first declaration. */
  declareName(request: NameDeclarationRequest, idempotencyKey: string): Promise<NameDeclarationView> {
    return this.client.call(endpoints.declareEnterpriseName, request, {
      headers: this.headers,
      idempotencyKey,
    });
  }

  /** Registers an enterprise; repeating it with the same key returns the first registration. */
  registerEnterprise(
    request: EnterpriseRegistrationRequest,
    idempotencyKey: string,
  ): Promise<EnterpriseView> {
    return this.client.call(endpoints.registerEnterprise, request, { headers: this.headers, idempotencyKey });
  }

  /** Issues a food business licence; repeating it with the same key returns the first licence. */
  issueFoodLicence(request: FoodLicenceRequest, idempotencyKey: string): Promise<FoodLicenceView> {
    return this.client.call(endpoints.issueFoodBusinessLicence, request, {
      headers: this.headers,
      idempotencyKey,
    });
  }
}
