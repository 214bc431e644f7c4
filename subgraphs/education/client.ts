/**
 * The education subgraph's client of its department system. Every answer is checked against the API
 * contract in `schema/education/contract.ts`.
 */
import { text } from '../../lib/i18n/messages.ts';
import {
  type DistrictAddress,
  type EnrolmentDecision,
  type EnrolmentRequest,
  educationContract,
  type PersonEducationView,
  type SchoolAgeRegistration,
  type SchoolAgeRegistrationRequest,
  type SchoolDistrictView,
  type SchoolSearchRequest,
  type SchoolView,
} from '../../schema/education/contract.ts';
import type { DepartmentClient, ForwardedHeaders } from '../kit/departmentClient.ts';

/** The department's name: its subgraph's in rover.yaml, its contract's, and the one its errors carry. */
export const DEPARTMENT = educationContract.department;

const { endpoints } = educationContract;

import { departmentUnavailable } from '../kit/errors.ts';

/** The education department system, as seen by one request (its headers are forwarded). */
export class EducationClient {
  constructor(
    private readonly client: DepartmentClient,
    private readonly headers: ForwardedHeaders,
  ) {}

  /** The education records of these people, in one call; people the department does not know are absent. */
  async peopleByIds(ids: readonly string[]): Promise<PersonEducationView[]> {
    const answer = await this.client.call(
      endpoints.peopleBatchGet,
      { ids },
      {
        headers: this.headers,
      },
    );
    return answer.items;
  }

  /** The schools with these ids, in one call; unknown ids are absent. */
  async schoolsByIds(ids: readonly string[]): Promise<SchoolView[]> {
    const answer = await this.client.call(
      endpoints.schoolsBatchGet,
      { ids },
      {
        headers: this.headers,
      },
    );
    return answer.items;
  }

  /** The school districts with these ids, in one call; unknown ids are absent. */
  async districtsByIds(ids: readonly string[]): Promise<SchoolDistrictView[]> {
    const answer = await this.client.call(
      endpoints.schoolDistrictsBatchGet,
      { ids },
      {
        headers: this.headers,
      },
    );
    return answer.items;
  }

  /** The district covering each address, in one call and in the order given; null where none does. */
  async resolveDistricts(addresses: readonly DistrictAddress[]): Promise<(SchoolDistrictView | null)[]> {
    const answer = await this.client.call(
      endpoints.resolveSchoolDistricts,
      { addresses },
      {
        headers: this.headers,
      },
    );
    if (answer.districts.length !== addresses.length) {
      throw departmentUnavailable(
        this.client.department,
        'MALFORMED_RESPONSE',
        text('department.districtCount', {
          path: '/v1/school-districts/resolve',
          districts: answer.districts.length,
          addresses: addresses.length,
        }),
      );
    }
    return answer.districts;
  }

  /** Schools matching every filter given. */
  async searchSchools(filter: SchoolSearchRequest): Promise<SchoolView[]> {
    const answer = await this.client.call(endpoints.searchSchools, filter, {
      headers: this.headers,
    });
    return answer.items;
  }

  /** Registers a child for a future school place; repeating it with the same key returns the first answer. */
  async registerSchoolAge(
    request: SchoolAgeRegistrationRequest,
    idempotencyKey: string,
  ): Promise<SchoolAgeRegistration> {
    return this.client.call(endpoints.registerSchoolAge, request, {
      headers: this.headers,
      idempotencyKey,
    });
  }

  /** Admits a child to a primary school's entry class or its waiting list; repeating it with the same key returns the first answer. */
  async enrol(request: EnrolmentRequest, idempotencyKey: string): Promise<EnrolmentDecision> {
    return this.client.call(endpoints.enrolPupil, request, {
      headers: this.headers,
      idempotencyKey,
    });
  }
}
