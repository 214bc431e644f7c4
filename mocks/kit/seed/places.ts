/**
 * Addresses for the seed households: residents' communities (社区) and roads of each Chongqing
 * street, and a few addresses in the out-of-province divisions. The districts and streets themselves
 * come from lib/divisions.ts; this module only adds what an address needs below the street.
 */
import { DIVISIONS, type Division, isInMunicipality } from '../../../lib/divisions.ts';
import type { Random } from './random.ts';

/** The communities and roads of a street. */
interface StreetPlaces {
  communities: readonly string[];
  roads: readonly string[];
}

const STREET_PLACES: Record<string, StreetPlaces> = {
  解放碑街道: { communities: ['民生路社区', '较场口社区'], roads: ['民族路', '邹容路', '八一路'] },
  七星岗街道: { communities: ['中山一路社区', '金汤街社区'], roads: ['中山一路', '金汤街'] },
  上清寺街道: { communities: ['美专校街社区', '中山四路社区'], roads: ['中山四路', '上清寺路'] },
  大溪沟街道: { communities: ['人民村社区', '双溪沟社区'], roads: ['人民路', '大溪沟路'] },
  两路口街道: { communities: ['中山三路社区', '桂花园社区'], roads: ['中山三路', '长江一路'] },
  观音桥街道: { communities: ['建新东路社区', '北城天街社区'], roads: ['建新东路', '建新北路'] },
  华新街街道: { communities: ['华新社区', '红土地社区'], roads: ['华新街', '红石路'] },
  五里店街道: { communities: ['五里店社区', '塔坪社区'], roads: ['五里店路', '塔坪路'] },
  石马河街道: { communities: ['石马河社区', '南桥寺社区'], roads: ['石马河路', '南桥寺路'] },
  小龙坎街道: { communities: ['小龙坎正街社区', '土湾社区'], roads: ['小龙坎正街', '土湾路'] },
  沙坪坝街道: { communities: ['沙正街社区', '三峡广场社区'], roads: ['沙正街', '汉渝路'] },
  天星桥街道: { communities: ['天星桥社区', '新桥社区'], roads: ['天星桥正街', '新桥正街'] },
  磁器口街道: { communities: ['磁器口社区', '金碧社区'], roads: ['磁器口正街', '金碧正街'] },
  杨家坪街道: { communities: ['直港大道社区', '西郊路社区'], roads: ['杨家坪正街', '西郊路'] },
  黄桷坪街道: { communities: ['黄桷坪正街社区', '铁路四村社区'], roads: ['黄桷坪正街', '铁路四村'] },
  谢家湾街道: { communities: ['谢家湾正街社区', '鹤兴路社区'], roads: ['谢家湾正街', '鹤兴路'] },
  石坪桥街道: { communities: ['石坪桥社区', '彩云湖社区'], roads: ['石坪桥正街', '彩云湖路'] },
  南坪街道: { communities: ['南坪正街社区', '江南大道社区'], roads: ['南坪正街', '江南大道'] },
  铜元局街道: { communities: ['铜元局社区', '海峡路社区'], roads: ['铜元局正街', '海峡路'] },
  花园路街道: { communities: ['花园路社区', '四公里社区'], roads: ['花园路', '南湖路'] },
  弹子石街道: { communities: ['弹子石社区', '泰昌路社区'], roads: ['弹子石正街', '泰昌路'] },
  龙溪街道: { communities: ['龙溪社区', '松石路社区'], roads: ['松石北路', '龙溪路'] },
  龙山街道: { communities: ['龙山社区', '余松路社区'], roads: ['龙山大道', '余松路'] },
  双龙湖街道: { communities: ['双龙湖社区', '双湖路社区'], roads: ['双龙大道', '双湖路'] },
  回兴街道: { communities: ['回兴社区', '宝圣湖社区'], roads: ['回兴路', '宝圣大道'] },
};

/** Addresses in the out-of-province divisions, whose streets the project does not list. */
const OTHER_PROVINCE_PLACES: Record<string, StreetPlaces> = {
  '510107': { communities: ['玉林北路社区', '浆洗街社区'], roads: ['玉林北路', '洗面桥街'] },
  '420103': { communities: ['新华街社区', '唐家墩社区'], roads: ['新华路', '唐家墩路'] },
  '520102': { communities: ['花果园社区', '油榨街社区'], roads: ['花果园大街', '油榨街'] },
  '650102': { communities: ['燕儿窝社区', '南门社区'], roads: ['解放南路', '新华南路'] },
};

/** A household's address below the division. */
export interface Address {
  street: string;
  community: string;
  detail: string;
}

/** The division for a code, failing loudly for a code lib/divisions.ts does not know. */
export function division(code: string): Division {
  const found = DIVISIONS.get(code);
  if (!found) throw new RangeError(`division ${code} is not in lib/divisions.ts`);
  return found;
}

/** The Chongqing divisions of lib/divisions.ts, in code order. */
export function municipalDivisions(): Division[] {
  return [...DIVISIONS.values()]
    .filter((d) => isInMunicipality(d.code))
    .sort((a, b) => a.code.localeCompare(b.code));
}

function placesOf(divisionCode: string, street: string): StreetPlaces {
  const places = street === '' ? OTHER_PROVINCE_PLACES[divisionCode] : STREET_PLACES[street];
  if (!places) throw new RangeError(`no communities known for ${divisionCode} ${street || '(no street)'}`);
  return places;
}

/** A road of a street, e.g. for a school's address. */
export function roadOf(rng: Random, street: string): string {
  return rng.pick(placesOf('', street).roads);
}

/**
 * A random address in a division: a street of the division (empty outside the municipality), one
 * of its communities and a detail such as `民族路123号5-2` (number, building, floor-room).
 */
export function drawAddress(rng: Random, divisionCode: string, street?: string): Address {
  const streets = division(divisionCode).streets;
  const chosenStreet = street ?? (streets.length > 0 ? rng.pick(streets) : '');
  const places = placesOf(divisionCode, chosenStreet);
  const number = rng.int(1, 320);
  const room = `${rng.int(1, 32)}-${rng.int(1, 8)}`;
  const detail = rng.chance(0.7)
    ? `${rng.pick(places.roads)}${number}号${room}`
    : `${rng.pick(places.roads)}${number}号${rng.int(1, 12)}栋${rng.int(1, 3)}单元${room}`;
  return { street: chosenStreet, community: rng.pick(places.communities), detail };
}
