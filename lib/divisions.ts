/**
 * Administrative divisions (行政区划) the project knows: the districts of Chongqing the mock data is
 * set in, with their sub-district streets (街道), and a few divisions of other provinces for residents
 * whose hukou lies elsewhere. Codes are the real GB/T 2260 codes.
 */

/** A county-level administrative division. */
export interface Division {
  /** The 6-digit GB/T 2260 code, e.g. `500103`. */
  code: string;
  /** The division's name, e.g. `渝中区`. */
  name: string;
  /** The province-level division it belongs to, e.g. `重庆市`. */
  province: string;
  /** Sub-district streets (街道) used in addresses; empty for divisions outside the municipality. */
  streets: readonly string[];
}

/** The province-level code of Chongqing: divisions starting with `50` are in the municipality. */
export const MUNICIPALITY_PREFIX = '50';

/** The name of the municipality the project serves. */
export const MUNICIPALITY_NAME = '重庆市';

/** Every division the mock data uses, keyed by code. */
export const DIVISIONS: ReadonlyMap<string, Division> = new Map(
  (
    [
      [
        '500103',
        '渝中区',
        MUNICIPALITY_NAME,
        ['解放碑街道', '七星岗街道', '上清寺街道', '大溪沟街道', '两路口街道'],
      ],
      ['500105', '江北区', MUNICIPALITY_NAME, ['观音桥街道', '华新街街道', '五里店街道', '石马河街道']],
      ['500106', '沙坪坝区', MUNICIPALITY_NAME, ['小龙坎街道', '沙坪坝街道', '天星桥街道', '磁器口街道']],
      ['500107', '九龙坡区', MUNICIPALITY_NAME, ['杨家坪街道', '黄桷坪街道', '谢家湾街道', '石坪桥街道']],
      ['500108', '南岸区', MUNICIPALITY_NAME, ['南坪街道', '铜元局街道', '花园路街道', '弹子石街道']],
      ['500112', '渝北区', MUNICIPALITY_NAME, ['龙溪街道', '龙山街道', '双龙湖街道', '回兴街道']],
      ['510107', '武侯区', '四川省', []],
      ['420103', '江汉区', '湖北省', []],
      ['520102', '南明区', '贵州省', []],
      ['650102', '天山区', '新疆维吾尔自治区', []],
    ] as const
  ).map(([code, name, province, streets]) => [code, { code, name, province, streets }]),
);

/** True when the division code lies in the municipality (Chongqing). */
export function isInMunicipality(divisionCode: string): boolean {
  return divisionCode.startsWith(MUNICIPALITY_PREFIX);
}

/** The division for a code, or `undefined` when the project does not know it. */
export function divisionOf(code: string): Division | undefined {
  return DIVISIONS.get(code);
}
