// An opening's screening ranking: candidates by keyword score, with the rule that scores them.
// Pure: service data in, Card out; every time is shown in the organization's zone passed as an option.
import type { OpeningScreening, RankedCandidate } from "../../../src/services/recruitment.ts";
import { formatDate } from "../../format.ts";
import { same, text, type Card, type CardElement, type Text } from "../../model.ts";
import { button } from "../common.ts";
import { DEFAULT_SCREENING_LIMIT, EN_LIST, MAX_SCREENING_LIMIT, ZH_LIST, plural } from "./shared.ts";
import { stageLabel } from "./offers.ts";

const scoreText = (s: RankedCandidate["screening"]): Text => same(`${s.score.toFixed(1)}（${s.earned}/${s.possible}）`);
const scoreTextEn = (s: RankedCandidate["screening"]): string => `${s.score.toFixed(1)} (${s.earned}/${s.possible})`;

function verdictText(s: RankedCandidate["screening"]): Text {
  if (s.qualified) return text("✓ 必备项齐全", "✓ all required");
  return text(`✗ 缺：${s.missingRequired.join(ZH_LIST)}`, `✗ missing: ${s.missingRequired.join(EN_LIST)}`);
}

export const SCORE_RULE: Text = text(
  "得分 = 命中关键词的权重之和 ÷ 全部关键词权重 × 100（括号内为 命中权重/总权重），同一关键词重复出现不加分；缺少必备关键词的候选人排在其他人之后，但不隐藏——关键词匹配可能漏掉换了说法的经历，由人事判断。",
  "Score = weights of the matched keywords ÷ all keyword weights × 100 (in brackets: matched weight / total); repeating a keyword earns nothing more. Candidates missing a required keyword rank after everyone else but are not hidden: keyword matching can miss a paraphrase, so HR decides.",
);

function profileText(profile: OpeningScreening["profile"]): Text {
  const kws = (specs: readonly { keyword: string; weight: number }[]) => specs.map((k) => `${k.keyword} ×${k.weight}`);
  const req = kws(profile.required);
  const pref = kws(profile.preferred);
  return text(
    `必备关键词：${req.length > 0 ? req.join(ZH_LIST) : "无"} · 加分关键词：${pref.length > 0 ? pref.join(ZH_LIST) : "无"}`,
    `Required: ${req.length > 0 ? req.join(EN_LIST) : "none"} · Preferred: ${pref.length > 0 ? pref.join(EN_LIST) : "none"}`,
  );
}

export interface ScreeningCardOptions {
  timezone: string;
  /** Candidates listed (default 10, at most 20), each with a button to their details. */
  limit?: number;
}

/**
 * An opening's ranking: rank, name, stage, score (earned/possible weight), qualified ✓ or the
 * missing required keywords; the profile and the scoring rule in small print; a button per listed
 * candidate opening their explanation.
 */
export function screeningCard(result: OpeningScreening, options: ScreeningCardOptions): Card {
  const { opening, candidates } = result;
  const limit = Math.min(MAX_SCREENING_LIMIT, Math.max(1, Math.floor(options.limit ?? DEFAULT_SCREENING_LIMIT)));
  const shown = candidates.slice(0, limit);
  const qualified = candidates.filter((c) => c.screening.qualified).length;
  const elements: CardElement[] = [];
  if (candidates.length === 0) {
    elements.push({
      type: "text",
      text: text("这个职位还没有候选人投递。", "No one has applied to this opening yet."),
    });
  } else {
    elements.push({
      type: "table",
      columns: [
        { key: "rank", label: text("排名", "Rank"), align: "right" },
        { key: "name", label: text("姓名", "Name") },
        { key: "stage", label: text("阶段", "Stage") },
        { key: "applied", label: text("投递", "Applied") },
        { key: "score", label: text("得分", "Score"), align: "right" },
        { key: "required", label: text("必备项", "Required") },
      ],
      rows: shown.map((c) => ({
        rank: same(String(c.rank)),
        name: same(c.name),
        stage: stageLabel(c),
        applied: formatDate(c.appliedAt, options.timezone),
        score: text(scoreText(c.screening)["zh-CN"], scoreTextEn(c.screening)),
        required: verdictText(c.screening),
      })),
    });
    const more = candidates.length - shown.length;
    if (more > 0)
      elements.push({
        type: "text",
        text: text(
          `… 另有 ${more} 位候选人未列出`,
          `… ${more} more ${more === 1 ? "candidate" : "candidates"} not listed`,
        ),
      });
  }
  elements.push({ type: "context", text: profileText(result.profile) });
  elements.push({ type: "context", text: SCORE_RULE });
  const buttons = shown.map((c, i) =>
    button(`candidate_${i + 1}`, text(`${c.name} 详情`, `${c.name}: details`), {
      kind: "candidate",
      query: c.candidateExternalId,
    }),
  );
  if (buttons.length > 0) elements.push({ type: "actions", buttons });

  const closed = opening.status !== "open";
  const top = candidates[0];
  return {
    header: {
      title: text(`简历筛选：${opening.title}`, `Screening: ${opening.title}`),
      subtitle: text(
        `${opening.externalId}${closed ? "（已关闭）" : ""} · ${candidates.length} 位候选人 · ${qualified} 位必备项齐全`,
        `${opening.externalId}${closed ? " (closed)" : ""} · ${plural(candidates.length, "candidate")} · ${qualified} with every required keyword`,
      ),
      tone: candidates.length === 0 ? "neutral" : qualified === 0 ? "warning" : "info",
    },
    elements,
    summary: top
      ? text(
          `${opening.title}：${candidates.length} 位候选人，第 1 名 ${top.name} ${top.screening.score.toFixed(1)} 分`,
          `${opening.title}: ${plural(candidates.length, "candidate")}, #1 ${top.name} scoring ${top.screening.score.toFixed(1)}`,
        )
      : text(`${opening.title}：还没有候选人`, `${opening.title}: no candidates yet`),
  };
}
