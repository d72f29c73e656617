// One candidate's screening explanation: each keyword, where it matched, and why a match was ignored.
// Pure: service data in, Card out; every time is shown in the organization's zone passed as an option.
import type { IgnoreReason, KeywordResult, MatchLocation } from "../../../src/recruit/screening.ts";
import type { OpeningScreening, RankedCandidate } from "../../../src/services/recruitment.ts";
import { formatDate } from "../../format.ts";
import { text, type Card, type CardElement, type Text } from "../../model.ts";
import { both, button, joinText } from "../common.ts";
import { EN_LIST, SNIPPETS_SHOWN, ZH_LIST, plural } from "./shared.ts";
import { stageLabel } from "./offers.ts";
import { SCORE_RULE } from "./screening.ts";

const IGNORE_REASONS: Readonly<Record<IgnoreReason, Text>> = {
  negated: text("前面有否定词", "negated"),
  inside_word: text("出现在另一个词中间", "inside another word"),
  objective: text("在求职意向行，只说明想应聘的职位", "on the objective line, which names the job wanted"),
};

/** The snippet with the match marked: zh “…国际【货代销售经验】，…”, en "…国际[货代销售经验]，…". */
function markedSnippet(m: MatchLocation): Text {
  const [a, b] = m.snippetMatch;
  const mark = (open: string, close: string) =>
    `${m.snippet.slice(0, a)}${open}${m.snippet.slice(a, b)}${close}${m.snippet.slice(b)}`;
  return text(`“${mark("【", "】")}”`, `"${mark("[", "]")}"`);
}

function keywordLines(k: KeywordResult): Text {
  const kind = k.kind === "required" ? text("必备", "required") : text("加分", "preferred");
  const lines: Text[] = [];
  if (k.matched) {
    const via = k.viaSynonym
      ? text(`，通过同义词「${k.via}」`, `, via the synonym “${k.via}”`)
      : text("，原词命中", ", as written");
    lines.push(
      text(
        `✓ ${k.keyword}（${kind["zh-CN"]} · 权重 ${k.weight}）：命中 ${k.occurrences} 处${via["zh-CN"]}`,
        `✓ ${k.keyword} (${kind.en} · weight ${k.weight}): found ${plural(k.occurrences, "time")}${via.en}`,
      ),
    );
    for (const m of k.matches.slice(0, SNIPPETS_SHOWN)) {
      const s = markedSnippet(m);
      // The header names the form of the first match; a snippet says so only when it differs.
      const other =
        m.form === k.via
          ? null
          : m.viaSynonym
            ? text(`（同义词「${m.form}」）`, ` (synonym “${m.form}”)`)
            : text("（原词）", " (as written)");
      lines.push(text(`   ${s["zh-CN"]}${other?.["zh-CN"] ?? ""}`, `   ${s.en}${other?.en ?? ""}`));
    }
    const more = k.occurrences - Math.min(k.matches.length, SNIPPETS_SHOWN);
    if (more > 0) lines.push(text(`   … 另有 ${more} 处`, `   … ${more} more`));
  } else {
    lines.push(
      text(
        `✗ ${k.keyword}（${kind["zh-CN"]} · 权重 ${k.weight}）：未找到${k.kind === "required" ? "，缺少必备项" : ""}`,
        `✗ ${k.keyword} (${kind.en} · weight ${k.weight}): not found${k.kind === "required" ? ", a required keyword is missing" : ""}`,
      ),
    );
  }
  for (const m of k.ignored.slice(0, SNIPPETS_SHOWN)) {
    const s = markedSnippet(m);
    const reason = IGNORE_REASONS[m.reason];
    lines.push(text(`   未计入：${s["zh-CN"]}（${reason["zh-CN"]}）`, `   not counted: ${s.en} (${reason.en})`));
  }
  return joinText(lines, "\n");
}

export interface CandidateCardOptions {
  /** The opening this screening is for. */
  opening: Pick<OpeningScreening["opening"], "externalId" | "title">;
  timezone: string;
  /** How many candidates the opening's ranking has ("#2 of 12"). */
  candidates?: number;
}

/**
 * One candidate's screening for one opening: score and rank, the missing required keywords
 * (flagged), and every keyword — matched or not, via which form (a synonym says so), the snippet
 * where it matched, and what was found but not counted and why.
 */
export function candidateCard(candidate: RankedCandidate, options: CandidateCardOptions): Card {
  const s = candidate.screening;
  const { opening } = options;
  const applied = formatDate(candidate.appliedAt, options.timezone);
  const rank = options.candidates
    ? text(`第 ${candidate.rank} 名（共 ${options.candidates} 位）`, `#${candidate.rank} of ${options.candidates}`)
    : text(`第 ${candidate.rank} 名`, `#${candidate.rank}`);
  const elements: CardElement[] = [];
  if (!s.qualified) {
    elements.push({
      type: "text",
      text: text(
        `⚠ 缺少必备关键词：${s.missingRequired.join(ZH_LIST)}。排在必备项齐全的候选人之后；关键词匹配可能漏掉换了说法的经历，请人工复核简历。`,
        `⚠ Missing required ${s.missingRequired.length === 1 ? "keyword" : "keywords"}: ${s.missingRequired.join(EN_LIST)}. Ranked after the candidates with every required keyword; keyword matching can miss a paraphrase, so please check the résumé.`,
      ),
    });
  }
  elements.push({
    type: "fields",
    fields: [
      {
        label: text("得分", "Score"),
        value: text(
          `${s.score.toFixed(1)} / 100（命中权重 ${s.earned}/${s.possible}）`,
          `${s.score.toFixed(1)} of 100 (weight ${s.earned} of ${s.possible})`,
        ),
      },
      { label: text("排名", "Rank"), value: rank },
      { label: text("阶段", "Stage"), value: stageLabel(candidate) },
      { label: text("投递时间", "Applied"), value: applied },
      {
        label: text("必备项", "Required keywords"),
        value: s.qualified
          ? text("✓ 齐全", "✓ all found")
          : text(`✗ 缺 ${s.missingRequired.length} 项`, `✗ ${s.missingRequired.length} missing`),
      },
    ],
  });
  const required = s.keywords.filter((k) => k.kind === "required");
  const preferred = s.keywords.filter((k) => k.kind === "preferred");
  if (required.length > 0)
    elements.push({
      type: "text",
      text: joinText([text("必备关键词", "Required keywords"), ...required.map(keywordLines)], "\n"),
    });
  if (preferred.length > 0)
    elements.push({
      type: "text",
      text: joinText([text("加分关键词", "Preferred keywords"), ...preferred.map(keywordLines)], "\n"),
    });
  if (s.keywords.length === 0)
    elements.push({ type: "text", text: text("这个职位还没有设置关键词。", "This opening has no keywords set.") });
  elements.push({
    type: "context",
    text: text(
      "【】内为简历中命中的原文。否定（如“暂无客户资源”）、求职意向行和出现在其他词中间的匹配不计分。",
      "[ ] marks the résumé's own words. A negated match (“no client book”), one on the objective line or one inside another word does not count.",
    ),
  });
  elements.push({ type: "context", text: SCORE_RULE });
  elements.push({
    type: "actions",
    buttons: [
      button("back_screening", text("返回排名", "Back to ranking"), { kind: "screening", opening: opening.externalId }),
    ],
  });
  const matched = s.keywords.filter((k) => k.matched).length;
  return {
    header: {
      title: text(`候选人：${candidate.name}`, `Candidate: ${candidate.name}`),
      subtitle: both((l) =>
        l === "zh-CN"
          ? `${opening.title}（${opening.externalId}）· ${rank[l]} · ${stageLabel(candidate)[l]}`
          : `${opening.title} (${opening.externalId}) · ${rank[l]} · ${stageLabel(candidate)[l]}`,
      ),
      tone: s.qualified ? "good" : "warning",
    },
    elements,
    summary: text(
      `${candidate.name} · ${opening.title}：${s.score.toFixed(1)} 分，命中 ${matched}/${s.keywords.length} 个关键词${s.qualified ? "" : `，缺少必备项：${s.missingRequired.join(ZH_LIST)}`}`,
      `${candidate.name} · ${opening.title}: score ${s.score.toFixed(1)}, ${matched} of ${s.keywords.length} keywords found${s.qualified ? "" : `; missing required: ${s.missingRequired.join(EN_LIST)}`}`,
    ),
  };
}
