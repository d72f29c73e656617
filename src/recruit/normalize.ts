// Text folding for résumé screening, keeping a map back to the original text so every match can
// be shown where it is. docs/SCREENING.md explains the choices and the test cases behind them.
//
// Per character (per grapheme cluster when the text has combining marks) of the original:
//   1. NFKC: full-width letters, digits and punctuation become half-width (ＦＣＬ → FCL, （ → (),
//      compatibility forms (㎏ → kg) are expanded, composed/decomposed accents agree;
//   2. lower case (English is matched case-insensitively);
//   3. traditional → simplified for a small table of characters of the domain vocabulary (貨→货,
//      運→运, 經→经, 驗→验 …) — cheap, 1:1 per character, so offsets stay exact;
//   4. every dash (‐ ‑ ‒ – — ― − ﹣) becomes "-", every run of white space (incl. the ideographic
//      space and line breaks) one " ", zero-width characters and soft hyphens disappear.
// The same folding is applied to keywords and synonyms, so both sides always agree.

/**
 * Traditional (and a few Japanese shinjitai) → simplified, for characters that appear in sales,
 * logistics and résumé vocabulary. Pairs of single BMP characters; not a general converter (OpenCC
 * would be), which is why it stays cheap: a character missing here only costs a missed match on a
 * traditional-Chinese résumé, and adding it is one pair.
 */
const TRAD_SIMP_PAIRS =
  "貨货運运經经驗验戶户戸户單单単单轉转換换銷销資资訂订際际國国鐵铁輸输關关報报語语專专業业務务額额積积穩稳廠厂電电艙舱櫃柜價价線线" +
  "歐欧過过負负責责開开發发談谈簽签達达標标團团隊队營营領领導导預预測测場场與与會会議议們们個个時时間间處处協协調调統统計计數数據据" +
  "庫库門门鏈链倉仓儲储機机級级證证書书學学歷历畢毕現现實实習习職职績绩獎奖勵励紀纪錄录録录簡简傳传遞递較较長长東东華华廣广區区內内" +
  "總总監监員员對对結结構构聯联絡络網网詢询問问題题進进貿贸離离點点擁拥優优勢势質质檢检帳账賬账費费應应號号碼码類类編编義义樣样準准" +
  "確确認认閱阅讀读寫写說说説说聽听讓让幫帮還还這这裡里後后來来從从為为爲为於于並并僅仅隨随產产將将當当無无沒没條条給给種种選选擇择" +
  "擴扩戰战規规劃划執执組组織织設设維维護护續续約约純纯練练鬆松緊紧邊边遠远裝装頭头灣湾車车層层紡纺攬揽郵邮溝沟獨独話话萬万億亿歲岁" +
  "齡龄瞭了係系託托佈布軟软體体腦脑試试獲获競竞爭争勝胜趨趋貢贡獻献極极態态細细緻致壓压動动強强適适飛飞屬属轄辖帶带兩两嚴严順顺齊齐" +
  "尋寻製制紙纸醫医療疗藥药賣卖買买購购採采貴贵賺赚錢钱銀银匯汇稅税險险賠赔償偿損损虧亏賴赖誠诚識识藝艺術术師师韓韩屆届崗岗訊讯視视" +
  "頻频範范圍围異异決决則则漲涨擔担複复雜杂滿满駕驾駛驶揀拣鋪铺輛辆載载噸吨鐘钟週周鬥斗勁劲驅驱衝冲擊击訪访參参舉举辦办覽览臺台亞亚" +
  "羅罗蘭兰澤泽濟济財财審审勞劳補补貼贴陸陆漢汉門门戶户";

export const TRAD_TO_SIMP: ReadonlyMap<string, string> = (() => {
  const chars = [...TRAD_SIMP_PAIRS];
  const map = new Map<string, string>();
  for (let i = 0; i + 1 < chars.length; i += 2) map.set(chars[i]!, chars[i + 1]!);
  return map;
})();

const DASHES = /[\u2010-\u2015\u2212\uFE58\uFE63\uFF0D]/;
const INVISIBLE = /[\u00AD\u200B-\u200D\u2060\uFEFF]/;
const SPACE = /\s/;

export interface Folded {
  /** The folded text. */
  text: string;
  /** For each UTF-16 unit of `text`: where its source starts in the original (UTF-16 offset). */
  start: number[];
  /** …and where its source ends (exclusive). */
  end: number[];
}

const graphemes = new Intl.Segmenter("und", { granularity: "grapheme" });

function foldChar(ch: string): string {
  if (DASHES.test(ch)) return "-";
  if (INVISIBLE.test(ch)) return "";
  if (SPACE.test(ch)) return " ";
  return TRAD_TO_SIMP.get(ch) ?? ch;
}

const COMBINING = /\p{M}/u;

/** The text's units of folding: grapheme clusters when it has combining marks, else code points. */
function* units(original: string): Generator<{ segment: string; index: number }> {
  if (COMBINING.test(original)) {
    yield* graphemes.segment(original);
    return;
  }
  let index = 0;
  for (const segment of original) {
    yield { segment, index };
    index += segment.length;
  }
}

function foldUnit(segment: string): string {
  const code = segment.charCodeAt(0);
  // Fast paths: ASCII, and CJK unified ideographs (NFKC leaves both alone).
  if (segment.length === 1 && code < 0x80)
    return code >= 0x41 && code <= 0x5a ? String.fromCharCode(code + 32) : SPACE.test(segment) ? " " : segment;
  if (segment.length === 1 && code >= 0x4e00 && code <= 0x9fff) return TRAD_TO_SIMP.get(segment) ?? segment;
  let out = "";
  for (const ch of segment.normalize("NFKC").toLowerCase()) out += foldChar(ch);
  return out;
}

/** Folds `original` (see the header) and maps every folded unit back to its source. */
export function fold(original: string): Folded {
  let text = "";
  const start: number[] = [];
  const end: number[] = [];
  for (const { segment, index } of units(original)) {
    const stop = index + segment.length;
    const out = foldUnit(segment);
    for (let i = 0; i < out.length; i++) {
      const unit = out[i]!;
      if (unit === " " && (text.length === 0 || text.endsWith(" "))) {
        // Collapse runs of white space (and drop it at the very start): the kept space covers them.
        if (text.length > 0) end[end.length - 1] = stop;
        continue;
      }
      text += unit;
      start.push(index);
      end.push(stop);
    }
  }
  return { text, start, end };
}

const termCache = new Map<string, string>();

/** The folded form of a keyword or synonym (no offsets needed), trimmed; memoized. */
export function foldTerm(term: string): string {
  let folded = termCache.get(term);
  if (folded === undefined) {
    folded = fold(term).text.trim();
    if (termCache.size >= 10_000) termCache.clear();
    termCache.set(term, folded);
  }
  return folded;
}
