// Explainable keyword screening (pure). An opening's keyword profile lists required and preferred
// keywords, each with a weight and synonyms (zh and en). A résumé earns a keyword's weight when the
// keyword or any synonym occurs in it; the explanation says which form matched, where (offsets
// into the résumé and a snippet of the line) and what was found but not counted, and why.
//
// Matching (docs/SCREENING.md has the reasoning and the deciding test cases):
//   - both sides are folded by ./normalize.ts (NFKC, lower case, traditional → simplified for the
//     domain vocabulary, dashes and white space unified);
//   - a form is found by substring search in the folded résumé — Chinese has no spaces, and
//     substring search is what finds 订单转化 in 订单转化率 and 空运 in 空运费;
//   - a form that starts with a Latin letter or digit must start and end on an English word
//     boundary ("sales" never inside "wholesales"), with a plural "s"/"es" allowed at the end
//     ("conversions" counts for "conversion");
//   - a form that starts with a Chinese character must start where a word starts according to the
//     ICU word segmenter built into Node (Intl.Segmenter): 海运 is not found in 上海运营中心
//     (上海|运营) — only the START is checked, so a suffix (率, 费, 员) never hides a match;
//   - an occurrence right after a negation cue (无, 没有, 暂无, 缺乏, 不熟悉 …; no, not, without,
//     lack of, never) is shown but not counted: "暂无客户资源" is not a client book;
//   - an occurrence on the objective line (求职意向：海运销售代表 / Objective: Ocean freight sales)
//     is shown but not counted: it names the job wanted, which contains the opening's own words.
//
// Scoring: score = 100 × Σ weights of matched keywords ÷ Σ all weights (one decimal). Repeating a
// keyword earns nothing more. A missing REQUIRED keyword flags the candidate (`qualified: false`,
// `missingRequired`) and ranks them after every candidate who has all required keywords — they are
// not hidden, because lexical matching can miss a paraphrase and HR decides; their score is not
// otherwise altered, so it still says how much of the profile the résumé covers.
import { z } from "zod";
import { boundedNumber, text } from "../kpi/fields.ts";
import { fold, foldTerm, type Folded } from "./normalize.ts";

const keywordSpec = z.strictObject({
  keyword: text(100),
  weight: boundedNumber({ min: 0, minExclusive: true, max: 100, places: 4 }),
  synonyms: z.array(text(100)).max(50, "must have at most 50 synonyms").default([]),
});

/** An opening's keyword profile, as the ingest feeds and HR's settings give it. */
export const keywordProfileSchema = z.strictObject({
  required: z.array(keywordSpec).max(100, "must have at most 100 keywords").default([]),
  preferred: z.array(keywordSpec).max(100, "must have at most 100 keywords").default([]),
});

export type KeywordProfile = z.output<typeof keywordProfileSchema>;
export type KeywordSpec = KeywordProfile["required"][number];

/** Occurrences shown per keyword (the count covers all of them). */
export const MAX_SHOWN = 3;
/** Characters of context on each side of a match in its snippet (within the match's line). */
export const SNIPPET_CONTEXT = 24;

export interface MatchLocation {
  /** The keyword or synonym, as written in the profile, that was found. */
  form: string;
  viaSynonym: boolean;
  /** UTF-16 offsets into the résumé text: resumeText.slice(start, end) === text. */
  start: number;
  end: number;
  text: string;
  /** The match in its line, with up to SNIPPET_CONTEXT characters on each side ("…" where cut). */
  snippet: string;
  /** Where the match is inside `snippet` ([start, end) in UTF-16 units), for highlighting. */
  snippetMatch: [number, number];
}

export type IgnoreReason = "negated" | "inside_word" | "objective";

export interface IgnoredMatch extends MatchLocation {
  /**
   * negated: right after 无/没有/no/without…; inside_word: not where a word starts (or, in English,
   * ends); objective: on the "求职意向 / Objective" line, which names the job wanted.
   */
  reason: IgnoreReason;
}

export interface KeywordResult {
  keyword: string;
  kind: "required" | "preferred";
  weight: number;
  matched: boolean;
  /** The form of the first counted occurrence (the keyword itself or a synonym), or null. */
  via: string | null;
  viaSynonym: boolean;
  /** Counted occurrences (overlapping forms at the same place count once). */
  occurrences: number;
  /** The first MAX_SHOWN counted occurrences, in résumé order. */
  matches: MatchLocation[];
  /** Occurrences found but not counted (first MAX_SHOWN), in résumé order. */
  ignored: IgnoredMatch[];
}

export interface Screening {
  /** 0–100, one decimal: the share of the profile's weight the résumé earns. */
  score: number;
  earned: number;
  possible: number;
  /** Every required keyword matched. */
  qualified: boolean;
  /** Required keywords (as written in the profile) with no counted occurrence. */
  missingRequired: string[];
  /** Required first, then preferred, each in profile order. */
  keywords: KeywordResult[];
}

// ─── Matching ───────────────────────────────────────────────────────────────────────────────────

const LATIN_WORD = /[\p{Script=Latin}\p{Nd}]/u;
const LATIN_LETTER = /\p{Script=Latin}/u;
const HAN = /\p{Script=Han}/u;
const ZH_NEGATION = /(?:无|没有|没|缺乏|缺少|不具备|不熟悉|不了解|不懂|没做过|未做过|没接触过|未接触过|暂无|尚无)$/;
const EN_NEGATION = /(?:^|[^\p{Script=Latin}\p{Nd}])(?:no|not|without|lack of|lacking|never)$/u;
const CLAUSE_BREAK = /[,.;:!?，。；：！？、|/()[\]{}<>"'“”‘’]/;
const NEGATION_WINDOW = 8;

const OBJECTIVE_LINE =
  /^[\s\-*•·]*(?:求职意向|求职目标|应聘职位|应聘岗位|期望职位|期望岗位|意向职位|目标职位|objective|career objective|job objective|desired position|position applied for|applying for)\s*:/;

const wordSegmenter = new Intl.Segmenter("zh-Hans", { granularity: "word" });

/** A résumé prepared once for all the keywords of a profile. */
export class PreparedResume {
  readonly folded: Folded;
  private boundaries: Set<number> | null = null;
  /** [start, end) of objective lines, in original offsets. */
  readonly objectiveLines: [number, number][] = [];

  constructor(readonly text: string) {
    this.folded = fold(text);
    let at = 0;
    for (const line of text.split("\n")) {
      // Only a line with a label (":" or "：" early on) can be one; fold just its start.
      const head = line.slice(0, 40);
      if (/[:：﹕]/.test(head) && OBJECTIVE_LINE.test(fold(head).text))
        this.objectiveLines.push([at, at + line.length]);
      at += line.length + 1;
    }
  }

  onObjectiveLine(originalOffset: number): boolean {
    return this.objectiveLines.some(([from, to]) => originalOffset >= from && originalOffset < to);
  }

  /** Offsets of the folded text where a word starts, per the ICU segmenter. */
  wordStarts(): Set<number> {
    if (!this.boundaries) {
      this.boundaries = new Set();
      for (const s of wordSegmenter.segment(this.folded.text)) this.boundaries.add(s.index);
      this.boundaries.add(this.folded.text.length);
    }
    return this.boundaries;
  }
}

interface Found {
  form: string;
  viaSynonym: boolean;
  /** Folded offsets. */
  from: number;
  to: number;
  reason: IgnoreReason | null;
}

function isLatinWord(ch: string | undefined): boolean {
  return ch !== undefined && LATIN_WORD.test(ch);
}

/** Where a Latin-ending form really ends: at a word boundary, optionally after a plural s/es. */
function latinEnd(text: string, to: number, lastChar: string): number | null {
  if (!isLatinWord(text[to])) return to;
  if (!LATIN_LETTER.test(lastChar)) return null;
  if (text[to] === "s" && !isLatinWord(text[to + 1])) return to + 1;
  if (text.startsWith("es", to) && !isLatinWord(text[to + 2])) return to + 2;
  return null;
}

function negated(text: string, from: number): boolean {
  let prefix = text.slice(Math.max(0, from - NEGATION_WINDOW), from);
  for (let i = prefix.length - 1; i >= 0; i--) {
    if (CLAUSE_BREAK.test(prefix[i]!)) {
      prefix = prefix.slice(i + 1);
      break;
    }
  }
  prefix = prefix.trimEnd();
  return ZH_NEGATION.test(prefix) || EN_NEGATION.test(prefix);
}

function findForm(resume: PreparedResume, form: string, viaSynonym: boolean): Found[] {
  const needle = foldTerm(form);
  if (needle === "") return [];
  const text = resume.folded.text;
  const first = needle[0]!;
  const last = needle[needle.length - 1]!;
  const out: Found[] = [];
  for (let at = text.indexOf(needle); at !== -1; at = text.indexOf(needle, at + 1)) {
    let to = at + needle.length;
    let reason: IgnoreReason | null = null;
    // English: whole words only ("sales" in "wholesales" is inside a word), plural s/es allowed.
    if (isLatinWord(first) && isLatinWord(text[at - 1])) reason = "inside_word";
    if (isLatinWord(last)) {
      const end = latinEnd(text, to, last);
      if (end === null) reason = "inside_word";
      else to = end;
    }
    // Chinese: the match must start where the segmenter starts a word (not 海运 in 上海|运营).
    if (reason === null && HAN.test(first) && !resume.wordStarts().has(at)) reason = "inside_word";
    if (reason === null && negated(text, at)) reason = "negated";
    if (reason === null && resume.onObjectiveLine(resume.folded.start[at]!)) reason = "objective";
    out.push({ form, viaSynonym, from: at, to, reason });
  }
  return out;
}

function location(resume: PreparedResume, f: Found): MatchLocation {
  const { folded, text } = resume;
  const start = folded.start[f.from]!;
  const end = folded.end[f.to - 1]!;
  const lineStart = text.lastIndexOf("\n", start - 1) + 1;
  const nl = text.indexOf("\n", end);
  const lineEnd = nl === -1 ? text.length : nl;
  const from = Math.max(lineStart, start - SNIPPET_CONTEXT);
  const to = Math.min(lineEnd, end + SNIPPET_CONTEXT);
  const squash = (s: string) => s.replace(/\s+/g, " ");
  const before = (from > lineStart ? "…" : "") + squash(text.slice(from, start)).trimStart();
  const match = squash(text.slice(start, end));
  const after = squash(text.slice(end, to)).trimEnd() + (to < lineEnd ? "…" : "");
  return {
    form: f.form,
    viaSynonym: f.viaSynonym,
    start,
    end,
    text: text.slice(start, end),
    snippet: before + match + after,
    snippetMatch: [before.length, before.length + match.length],
  };
}

/** All occurrences of a keyword (itself and its synonyms) in a résumé, counted and ignored. */
export function matchKeyword(resume: PreparedResume, spec: KeywordSpec, kind: "required" | "preferred"): KeywordResult {
  const found = [
    ...findForm(resume, spec.keyword, false),
    ...spec.synonyms.flatMap((s) => findForm(resume, s, true)),
  ].sort((a, b) => a.from - b.from || b.to - a.to || Number(a.viaSynonym) - Number(b.viaSynonym));

  // Overlapping occurrences of different forms are one occurrence (货代销售经验 ⊃ 货代销售): the
  // earliest, longest one stands for the group; it counts if any member counts.
  const groups: Found[][] = [];
  for (const f of found) {
    const group = groups[groups.length - 1];
    if (group && f.from < Math.max(...group.map((g) => g.to))) group.push(f);
    else groups.push([f]);
  }
  const counted: Found[] = [];
  const ignored: Found[] = [];
  for (const group of groups) {
    const ok = group.find((g) => g.reason === null);
    if (ok) counted.push(ok);
    else ignored.push(group[0]!);
  }
  const firstCounted = counted[0];
  return {
    keyword: spec.keyword,
    kind,
    weight: spec.weight,
    matched: counted.length > 0,
    via: firstCounted?.form ?? null,
    viaSynonym: firstCounted?.viaSynonym ?? false,
    occurrences: counted.length,
    matches: counted.slice(0, MAX_SHOWN).map((f) => location(resume, f)),
    ignored: ignored.slice(0, MAX_SHOWN).map((f) => ({ ...location(resume, f), reason: f.reason! })),
  };
}

const round1 = (x: number) => Math.round(x * 10) / 10;

/** Screens one résumé against a profile. */
export function screenResume(profile: KeywordProfile, resumeText: string | PreparedResume): Screening {
  const resume = typeof resumeText === "string" ? new PreparedResume(resumeText) : resumeText;
  const keywords = [
    ...profile.required.map((k) => matchKeyword(resume, k, "required")),
    ...profile.preferred.map((k) => matchKeyword(resume, k, "preferred")),
  ];
  const possible = keywords.reduce((sum, k) => sum + k.weight, 0);
  const earned = keywords.reduce((sum, k) => sum + (k.matched ? k.weight : 0), 0);
  const missingRequired = keywords.filter((k) => k.kind === "required" && !k.matched).map((k) => k.keyword);
  return {
    score: possible > 0 ? round1((100 * earned) / possible) : 0,
    earned,
    possible,
    qualified: missingRequired.length === 0,
    missingRequired,
    keywords,
  };
}

// ─── Ranking ────────────────────────────────────────────────────────────────────────────────────

export interface CandidateInput {
  /** Whatever identifies the candidate to the caller; ties are broken by it. */
  key: string;
  resumeText: string;
}

export type Ranked<C extends CandidateInput> = C & { rank: number; screening: Screening };

/**
 * Candidates in rank order: everyone with all required keywords first, by score (highest first);
 * then those missing some, by fewer missing, then by score. Equal standing shares a rank (1, 1, 3)
 * and is listed by key.
 */
export function rankCandidates<C extends CandidateInput>(
  profile: KeywordProfile,
  candidates: readonly C[],
): Ranked<C>[] {
  const screened = candidates.map((c) => ({ ...c, screening: screenResume(profile, c.resumeText) }));
  const standing = (a: (typeof screened)[number], b: (typeof screened)[number]) =>
    Number(b.screening.qualified) - Number(a.screening.qualified) ||
    a.screening.missingRequired.length - b.screening.missingRequired.length ||
    b.screening.score - a.screening.score;
  screened.sort((a, b) => standing(a, b) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  let rank = 0;
  return screened.map((c, i) => {
    if (i === 0 || standing(screened[i - 1]!, c) !== 0) rank = i + 1;
    return { ...c, rank };
  });
}

/** Parses a stored keyword profile (job_openings.keyword_profile). */
export function parseKeywordProfile(
  value: unknown,
): { ok: true; profile: KeywordProfile } | { ok: false; detail: string } {
  const r = keywordProfileSchema.safeParse(value);
  if (r.success) return { ok: true, profile: r.data };
  return { ok: false, detail: r.error.issues.map((i) => `${i.path.join(".") || "(profile)"} ${i.message}`).join("; ") };
}
