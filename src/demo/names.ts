// Chinese personal names with their pinyin, for employees and candidates. Weights roughly follow how
// common each surname is, so the demo looks like a real Chinese company rather than a uniform draw.
import type { Rng } from "./random.ts";

/** [hanzi, pinyin] — ordered by frequency (most common first). */
const SURNAMES: ReadonlyArray<readonly [string, string]> = [
  ["王", "wang"], ["李", "li"], ["张", "zhang"], ["刘", "liu"], ["陈", "chen"], ["杨", "yang"], ["黄", "huang"],
  ["赵", "zhao"], ["吴", "wu"], ["周", "zhou"], ["徐", "xu"], ["孙", "sun"], ["马", "ma"], ["朱", "zhu"],
  ["胡", "hu"], ["郭", "guo"], ["何", "he"], ["林", "lin"], ["高", "gao"], ["罗", "luo"], ["郑", "zheng"],
  ["梁", "liang"], ["谢", "xie"], ["宋", "song"], ["唐", "tang"], ["许", "xu"], ["韩", "han"], ["冯", "feng"],
  ["邓", "deng"], ["曹", "cao"], ["彭", "peng"], ["曾", "zeng"], ["肖", "xiao"], ["田", "tian"], ["董", "dong"],
  ["潘", "pan"], ["袁", "yuan"], ["蔡", "cai"], ["蒋", "jiang"], ["余", "yu"], ["于", "yu"], ["杜", "du"],
  ["叶", "ye"], ["程", "cheng"], ["魏", "wei"], ["苏", "su"], ["吕", "lv"], ["丁", "ding"], ["任", "ren"],
  ["卢", "lu"], ["姚", "yao"], ["沈", "shen"], ["钟", "zhong"], ["姜", "jiang"], ["崔", "cui"], ["谭", "tan"],
  ["陆", "lu"], ["范", "fan"], ["汪", "wang"], ["廖", "liao"], ["石", "shi"], ["金", "jin"], ["韦", "wei"],
  ["贾", "jia"], ["夏", "xia"], ["付", "fu"], ["方", "fang"], ["邹", "zou"], ["熊", "xiong"], ["白", "bai"],
  ["孟", "meng"], ["秦", "qin"], ["邱", "qiu"], ["侯", "hou"], ["江", "jiang"], ["尹", "yin"], ["薛", "xue"],
  ["闫", "yan"], ["段", "duan"], ["雷", "lei"], ["龙", "long"], ["黎", "li"], ["史", "shi"], ["陶", "tao"],
  ["贺", "he"], ["顾", "gu"], ["毛", "mao"], ["郝", "hao"], ["龚", "gong"], ["邵", "shao"], ["万", "wan"],
  ["武", "wu"], ["钱", "qian"], ["戴", "dai"], ["严", "yan"], ["欧阳", "ouyang"], ["司马", "sima"], ["上官", "shangguan"],
];
const SURNAME_WEIGHTS = SURNAMES.map((_, i) => 1 / (i + 6));

/** Characters used in given names, [hanzi, pinyin]. */
const GIVEN: ReadonlyArray<readonly [string, string]> = [
  ["伟", "wei"], ["芳", "fang"], ["娜", "na"], ["敏", "min"], ["静", "jing"], ["丽", "li"], ["强", "qiang"],
  ["磊", "lei"], ["军", "jun"], ["洋", "yang"], ["勇", "yong"], ["艳", "yan"], ["杰", "jie"], ["娟", "juan"],
  ["涛", "tao"], ["明", "ming"], ["超", "chao"], ["秀", "xiu"], ["霞", "xia"], ["平", "ping"], ["刚", "gang"],
  ["英", "ying"], ["华", "hua"], ["建", "jian"], ["文", "wen"], ["辉", "hui"], ["玲", "ling"], ["鹏", "peng"],
  ["宇", "yu"], ["浩", "hao"], ["晨", "chen"], ["欣", "xin"], ["婷", "ting"], ["雪", "xue"], ["琳", "lin"],
  ["颖", "ying"], ["佳", "jia"], ["俊", "jun"], ["凯", "kai"], ["博", "bo"], ["慧", "hui"], ["倩", "qian"],
  ["楠", "nan"], ["璐", "lu"], ["思", "si"], ["雨", "yu"], ["子", "zi"], ["梓", "zi"], ["涵", "han"],
  ["轩", "xuan"], ["睿", "rui"], ["航", "hang"], ["泽", "ze"], ["昊", "hao"], ["然", "ran"], ["悦", "yue"],
  ["晓", "xiao"], ["志", "zhi"], ["海", "hai"], ["波", "bo"], ["峰", "feng"], ["斌", "bin"], ["亮", "liang"],
  ["宁", "ning"], ["坤", "kun"], ["嘉", "jia"], ["琪", "qi"], ["瑶", "yao"], ["怡", "yi"], ["诗", "shi"],
  ["晴", "qing"], ["翔", "xiang"], ["铭", "ming"], ["阳", "yang"], ["振", "zhen"], ["毅", "yi"], ["冬", "dong"],
  ["春", "chun"], ["云", "yun"], ["飞", "fei"], ["鑫", "xin"], ["立", "li"], ["新", "xin"], ["丹", "dan"],
  ["萍", "ping"], ["红", "hong"], ["成", "cheng"], ["国", "guo"], ["荣", "rong"], ["彤", "tong"], ["雯", "wen"],
];

export interface PersonName {
  /** e.g. 王晓明 */
  zh: string;
  /** e.g. wangxiaoming — the base of an email address */
  pinyin: string;
  /** e.g. Xiaoming Wang — how an English résumé writes it */
  en: string;
}

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

export function randomName(rng: Rng): PersonName {
  const [sz, sp] = rng.weighted(SURNAMES, SURNAME_WEIGHTS);
  const first = rng.pick(GIVEN);
  const two = rng.chance(0.7);
  const second = two ? rng.pick(GIVEN) : undefined;
  const gz = first[0] + (second?.[0] ?? "");
  const gp = first[1] + (second?.[1] ?? "");
  return { zh: sz + gz, pinyin: sp + gp, en: `${cap(gp)} ${cap(sp)}` };
}

/** Hands out unique email local parts: wanglei, wanglei2, wanglei3, … in call order. */
export class EmailBook {
  private readonly used = new Map<string, number>();
  take(base: string): string {
    const n = (this.used.get(base) ?? 0) + 1;
    this.used.set(base, n);
    return n === 1 ? base : `${base}${n}`;
  }
}
