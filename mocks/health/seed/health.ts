/**
 * Health records: hospitals, vaccination clinics, and the birth certificates and vaccination records
 * of the children already registered in Chongqing.
 */

import { isInMunicipality } from '../../../lib/divisions.ts';
import { addDays } from '../../../lib/isoDate.ts';
import { ageOn } from '../../kit/seed/calendar.ts';
import { municipalDivisions } from '../../kit/seed/places.ts';
import { type Random, uniqueValue } from '../../kit/seed/random.ts';
import type { HouseholdRecord, PersonRecord } from '../../public-security/records.ts';
import type {
  BirthCertificateRecord,
  ClinicRecord,
  HospitalRecord,
  VaccinationRecordRecord,
} from '../records.ts';
import { dosesGiven } from './immunisation.ts';

/**
 * Hospitals: one licensed maternity unit (助产机构) per Chongqing district, a Chongqing hospital
 * without obstetrics, and a maternity hospital in Chengdu.
 */
export const HOSPITALS: readonly HospitalRecord[] = [
  { id: 'H500103-01', name: '重庆医科大学附属第一医院', divisionCode: '500103', maternityUnit: true },
  { id: 'H500105-01', name: '重庆市江北区妇幼保健院', divisionCode: '500105', maternityUnit: true },
  { id: 'H500106-01', name: '陆军军医大学第一附属医院', divisionCode: '500106', maternityUnit: true },
  { id: 'H500106-02', name: '重庆大学附属肿瘤医院', divisionCode: '500106', maternityUnit: false },
  { id: 'H500107-01', name: '重庆市九龙坡区妇幼保健院', divisionCode: '500107', maternityUnit: true },
  { id: 'H500108-01', name: '重庆市第五人民医院', divisionCode: '500108', maternityUnit: true },
  { id: 'H500112-01', name: '重庆市妇幼保健院', divisionCode: '500112', maternityUnit: true },
  { id: 'H510107-01', name: '四川大学华西第二医院', divisionCode: '510107', maternityUnit: true },
];

/** The Chongqing maternity unit of a district. */
export function maternityUnitIn(divisionCode: string): HospitalRecord {
  const hospital = HOSPITALS.find((h) => h.divisionCode === divisionCode && h.maternityUnit);
  if (!hospital) throw new RangeError(`no maternity unit in ${divisionCode}`);
  return hospital;
}

/** A hospital by its role in the newborn scenarios. */
export function hospitalWhere(predicate: (hospital: HospitalRecord) => boolean): HospitalRecord {
  const hospital = HOSPITALS.find(predicate);
  if (!hospital) throw new RangeError('no seed hospital matches');
  return hospital;
}

/**
 * One community health centre's vaccination clinic per two or three streets, so that every street of
 * every Chongqing district is served by exactly one clinic.
 */
export function buildClinics(): ClinicRecord[] {
  return municipalDivisions().flatMap((division) => {
    const streets = [...division.streets];
    const groups = [
      streets.slice(0, Math.ceil(streets.length / 2)),
      streets.slice(Math.ceil(streets.length / 2)),
    ];
    return groups.map((group, index): ClinicRecord => {
      const centre = (group[0] ?? '').replace(/街道$/, '');
      return {
        id: `CL${division.code}-${String(index + 1).padStart(2, '0')}`,
        name: `${division.name}${centre}社区卫生服务中心预防接种门诊`,
        divisionCode: division.code,
        streets: group,
      };
    });
  });
}

/** The clinic serving a household's street. */
export function clinicServing(clinics: readonly ClinicRecord[], household: HouseholdRecord): ClinicRecord {
  const clinic = clinics.find(
    (c) => c.divisionCode === household.divisionCode && c.streets.includes(household.street),
  );
  if (!clinic) throw new RangeError(`no clinic serves ${household.divisionCode} ${household.street}`);
  return clinic;
}

/** The oldest registered children who still have their birth certificate and vaccination record here. */
export const HEALTH_RECORDS_UP_TO_AGE = 14;

/** Registered children born in Chongqing and at most 14 years old: those the health records cover. */
export function childrenWithHealthRecords(persons: readonly PersonRecord[]): PersonRecord[] {
  return persons.filter(
    (p) => ageOn(p.birthDate) <= HEALTH_RECORDS_UP_TO_AGE && isInMunicipality(p.citizenId.slice(0, 6)),
  );
}

/**
 * Birth certificates of the registered children, issued by their district's maternity unit a few
 * days after birth. The letter of the number is the year's series (A for 2001 … Z for 2026).
 */
export function birthCertificates(
  rng: Random,
  children: readonly PersonRecord[],
  households: ReadonlyMap<string, HouseholdRecord>,
) {
  const numbers = new Set<string>();
  const records = children.map((child): BirthCertificateRecord => {
    const household = households.get(child.householdId);
    if (!household) throw new Error(`${child.citizenId} lives in unknown household ${child.householdId}`);
    const issuedOn = addDays(child.birthDate, rng.int(1, 5));
    const series = String.fromCharCode(65 + ((Number(issuedOn.slice(0, 4)) - 2001) % 26));
    return {
      number: uniqueValue(numbers, () => `${series}50${rng.digits(7)}`, 'birth certificate number'),
      birthRecordId: null,
      childCitizenId: child.citizenId,
      childName: child.name,
      hospitalId: maternityUnitIn(household.divisionCode).id,
      issuedOn,
    };
  });
  return records.sort((a, b) => a.number.localeCompare(b.number));
}

/** Vaccination records of the registered children, kept by the clinic of their street. */
export function vaccinationRecords(
  rng: Random,
  children: readonly PersonRecord[],
  households: ReadonlyMap<string, HouseholdRecord>,
  clinics: readonly ClinicRecord[],
): VaccinationRecordRecord[] {
  const ids = new Set<string>();
  const records = children.map((child): VaccinationRecordRecord => {
    const household = households.get(child.householdId);
    if (!household) throw new Error(`${child.citizenId} lives in unknown household ${child.householdId}`);
    return {
      id: uniqueValue(ids, () => `VR${household.divisionCode}-${rng.digits(6)}`, 'vaccination record id'),
      citizenId: child.citizenId,
      birthRecordId: null,
      birthDate: child.birthDate,
      clinicId: clinicServing(clinics, household).id,
      openedOn: addDays(child.birthDate, rng.int(7, 30)),
      doses: dosesGiven(rng, child.birthDate),
    };
  });
  return records.sort((a, b) => a.id.localeCompare(b.id));
}
