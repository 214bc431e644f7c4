/**
 * Department system answers the education subgraph's tests fake with nock: one school district, one of
 * its schools, a pupil enrolled there and a newborn registered for a school place. Shaped by the
 * contract in `schema/education/contract.ts`. Also the keys to sign test tokens and access grants with.
 */
import { composeCitizenId } from '../../lib/citizenId.ts';

/** Where the tests fake the department system: a host that can never resolve. */
export const FAKE_EDUCATION_API = 'http://education-api.invalid';

/** A primary-school pupil enrolled at {@link school}. */
export const pupil = composeCitizenId({
  divisionCode: '500103',
  birthDate: '2018-03-09',
  sequence: 31,
  sex: 'MALE',
});

/** A newborn registered for a school place in {@link district}. */
export const newborn = composeCitizenId({
  divisionCode: '500103',
  birthDate: '2026-10-02',
  sequence: 42,
  sex: 'FEMALE',
});

/** The mother of {@link pupil} and {@link newborn}, in whose household both are registered. */
export const parent = composeCitizenId({
  divisionCode: '500103',
  birthDate: '1990-06-18',
  sequence: 28,
  sex: 'FEMALE',
});

/** An adult the education department has no record of. */
export const stranger = composeCitizenId({
  divisionCode: '510107',
  birthDate: '1985-01-20',
  sequence: 64,
  sex: 'FEMALE',
});

/** A school district as `/v1/school-districts/batch-get` answers it. */
export const district = {
  id: 'XQ500103-01',
  name: '渝中区解放碑学区',
  divisionCode: '500103',
  streets: ['解放碑街道', '七星岗街道'],
  schoolIds: ['SCH500103-01'],
};

/** A school of {@link district} as `/v1/schools/batch-get` answers it: 44 of 45 places taken in 2024. */
export const school = {
  id: 'SCH500103-01',
  name: '重庆市渝中区人和街小学',
  stage: 'PRIMARY',
  divisionCode: '500103',
  districtId: 'XQ500103-01',
  address: '重庆市渝中区人和街74号',
  capacity: 45,
  entryClasses: [{ entryYear: 2024, enrolled: 44, waitlisted: 2 }],
};

/** The education record of {@link pupil}. */
export const pupilRecord = {
  citizenId: pupil,
  enrolments: [{ id: 'EN-000001', schoolId: 'SCH500103-01', entryYear: 2024, status: 'ENROLLED' }],
  schoolAgeRegistration: null,
};

/** The school-age registration of {@link newborn}, as the registration endpoint answers it. */
export const newbornRegistration = {
  citizenId: newborn,
  districtId: 'XQ500103-01',
  expectedEntryYear: 2033,
  registeredOn: '2026-11-20',
};

/** The education record of {@link newborn}. */
export const newbornRecord = {
  citizenId: newborn,
  enrolments: [],
  schoolAgeRegistration: newbornRegistration,
};

export { citizen, serviceCenterFor, staff } from '../kit/testing.ts';
