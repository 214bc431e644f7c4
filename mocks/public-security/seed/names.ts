/**
 * Chinese personal names and ethnic groups for the seed residents. Surnames are weighted roughly as
 * they occur in Chongqing (陈, 李, 刘, 张 and 王 lead; 冉, 向 and 谭 are commoner here than nationally);
 * given names follow the fashions of the decade of birth.
 */
import type { Random } from '../../kit/seed/random.ts';

type Sex = 'MALE' | 'FEMALE';

/** Surnames with their weights, e.g. `陈9` (欧阳 is a two-character surname). */
const SURNAMES: readonly (readonly [string, number])[] = (
  '陈9 李8 刘7 张7 王6 杨5 黄4 何4 罗3 周3 唐3 谭3 吴2 赵2 徐2 胡2 邓2 曾2 彭2 蒋2 冉2 向2 余2 ' +
  '田1 郭1 马1 朱1 谢1 熊1 秦1 万1 魏1 欧阳1'
)
  .split(' ')
  .map((entry) => [entry.replace(/\d+$/, ''), Number(entry.match(/\d+$/)?.[0])] as const);

/** Given names by era of birth: [two-character names, one-character names]. */
const GIVEN_NAMES: Record<
  'before1965' | 'before1990' | 'before2005' | 'recent',
  Record<Sex, readonly [string[], string[]]>
> = {
  before1965: {
    MALE: [
      ['建国', '建华', '国强', '德明', '志刚', '永福', '国庆', '明华', '长春', '文斌', '世杰', '树林'],
      ['福', '华', '明', '平'],
    ],
    FEMALE: [
      ['秀英', '桂兰', '淑珍', '玉兰', '秀兰', '桂芳', '凤英', '素芬', '翠华', '玉梅', '学琴', '明英'],
      ['英', '兰', '芬', '珍'],
    ],
  },
  before1990: {
    MALE: [
      ['志强', '建军', '海涛', '晓东', '小军', '红兵', '俊杰', '文龙', '大伟', '云飞', '永红', '德华'],
      ['伟', '勇', '军', '强', '涛', '斌', '磊', '波', '刚'],
    ],
    FEMALE: [
      ['晓燕', '丽娟', '春梅', '小红', '海燕', '雪梅', '红梅', '晓丽', '琳琳', '丹丹', '小英', '玉琴'],
      ['芳', '敏', '静', '丽', '艳', '霞', '燕', '娟', '玲'],
    ],
  },
  before2005: {
    MALE: [
      ['浩然', '俊杰', '宇航', '子豪', '嘉豪', '鹏飞', '天宇', '志鹏', '文杰', '博文', '家乐', '思远'],
      ['浩', '鑫', '宇', '杰', '帅', '超', '鹏'],
    ],
    FEMALE: [
      ['雨婷', '佳怡', '诗雨', '思雨', '梦瑶', '欣然', '雪莹', '婷婷', '玉洁', '晓雯', '佳琪', '雨欣'],
      ['婷', '倩', '雪', '瑶', '洁', '蕾'],
    ],
  },
  recent: {
    MALE: [
      ['子轩', '浩宇', '宇轩', '梓睿', '一鸣', '奕辰', '俊熙', '沐阳', '皓轩', '子墨', '宇泽', '锦程'],
      ['轩', '睿', '泽', '辰', '航'],
    ],
    FEMALE: [
      ['梓涵', '一诺', '欣怡', '语桐', '雨桐', '可馨', '诗涵', '若汐', '梓萱', '芷若', '依诺', '沐瑶'],
      ['涵', '萱', '悦', '彤', '瑶'],
    ],
  },
};

/** A surname drawn by its frequency. */
export function drawSurname(rng: Random): string {
  return rng.weighted(SURNAMES);
}

/** A given name in the fashion of the birth year: mostly two characters, sometimes one. */
export function drawGivenName(rng: Random, sex: Sex, birthDate: string): string {
  const year = Number(birthDate.slice(0, 4));
  const era = year < 1965 ? 'before1965' : year < 1990 ? 'before1990' : year < 2005 ? 'before2005' : 'recent';
  const [twoCharacter, oneCharacter] = GIVEN_NAMES[era][sex];
  const singleShare = era === 'recent' ? 0.08 : 0.2;
  return rng.chance(singleShare) ? rng.pick(oneCharacter) : rng.pick(twoCharacter);
}

/** Ethnic groups (民族) of Chongqing residents by share: mostly 汉族, with the Tujia and Miao of the south-east. */
const ETHNICITIES: readonly (readonly [string, number])[] = [
  ['汉族', 88],
  ['土家族', 6],
  ['苗族', 4],
  ['回族', 2],
];

export const HAN = '汉族';
export const UYGHUR = '维吾尔族';

export function drawEthnicity(rng: Random): string {
  return rng.weighted(ETHNICITIES);
}

const UYGHUR_GIVEN_NAMES: Record<Sex, readonly string[]> = {
  MALE: ['艾力', '买买提', '吐尔逊', '阿不都', '艾合买提', '热合曼', '库尔班', '努尔兰'],
  FEMALE: ['阿依古丽', '古丽娜尔', '热依拉', '帕提古丽', '迪丽努尔', '再努尔', '米热古丽'],
};

/** A Uyghur given name (the part before the "·"). */
export function drawUyghurGivenName(rng: Random, sex: Sex): string {
  return rng.pick(UYGHUR_GIVEN_NAMES[sex]);
}

/**
 * A Uyghur name as written in Chinese: own name, "·", the father's name, e.g. 阿依古丽·买买提 is
 * 阿依古丽, daughter of 买买提.
 */
export function uyghurName(givenName: string, fatherGivenName: string): string {
  return `${givenName}·${fatherGivenName}`;
}
