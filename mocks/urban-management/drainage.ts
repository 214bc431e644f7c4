/**
 * Permits to discharge sewage into the municipal network (城镇污水排入排水管网许可), by the rules of
 * the permit regulation (城镇污水排入排水管网许可管理办法): a permit names the expected daily
 * discharge, a positive number of cubic metres; it is valid {@link DRAINAGE_PERMIT_VALIDITY_YEARS}
 * years; premises hold one permit valid at a time.
 */
import { addDays } from '../../lib/isoDate.ts';
import type { DrainagePermitRequest, DrainagePermitView } from '../../schema/urban-management/contract.ts';
import { ApiError } from '../kit/errors.ts';
import { requirePremisesInMunicipality } from './signboards.ts';
import type { UrbanManagementStore } from './store.ts';

/** Years a drainage permit is valid (排水许可证有效期为5年). */
export const DRAINAGE_PERMIT_VALIDITY_YEARS = 5;

/** The last day a permit issued on `issuedOn` is valid. */
export function permitValidUntil(issuedOn: string): string {
  const year = Number(issuedOn.slice(0, 4)) + DRAINAGE_PERMIT_VALIDITY_YEARS;
  return addDays(`${year}${issuedOn.slice(4)}`, -1);
}

/** Issues a drainage permit for an enterprise's premises. */
export function issueDrainagePermit(
  store: UrbanManagementStore,
  request: DrainagePermitRequest,
  today: string,
): DrainagePermitView {
  if (!(request.dailyVolume > 0)) {
    throw new ApiError(
      422,
      'DAILY_VOLUME_NOT_POSITIVE',
      `the expected daily discharge is a positive number of cubic metres; got ${request.dailyVolume}`,
    );
  }
  const { address } = request;
  requirePremisesInMunicipality(address.divisionCode);
  const current = store.permitValidAt(address, today);
  if (current) {
    throw new ApiError(409, 'DRAINAGE_PERMIT_EXISTS', `permit ${current.number} covers these premises`, {
      permitNumber: current.number,
    });
  }
  const prefix = `PS${address.divisionCode}-${today.slice(0, 4)}-`;
  const permit: DrainagePermitView = {
    number: `${prefix}${String(store.countIn('drainage_permits', prefix) + 1).padStart(4, '0')}`,
    creditCode: request.creditCode,
    address: { ...address },
    dailyVolume: request.dailyVolume,
    applicantCitizenId: request.applicantCitizenId,
    issuedOn: today,
    validUntil: permitValidUntil(today),
  };
  store.insertDrainagePermit(permit);
  return permit;
}
