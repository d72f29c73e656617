// The pipeline's transition rules (pure), table-driven over every (from, to) pair of the nine
// stages: the 16 legal moves are listed here independently of the implementation, everything else
// is refused with the right code and a message in both languages.
import { describe, expect, it } from "vitest";
import { RecruitError } from "../../src/recruit/errors.ts";
import {
  allowedTransitions,
  assertTransition,
  canTransition,
  FINAL_STAGES,
  offerStatusAfterMove,
  OPEN_STAGES,
  STAGES,
  type Stage,
} from "../../src/recruit/pipeline.ts";

const LEGAL: ReadonlyArray<[Stage, Stage]> = [
  ["applied", "screened"],
  ["applied", "rejected"],
  ["applied", "withdrawn"],
  ["screened", "interview"],
  ["screened", "rejected"],
  ["screened", "withdrawn"],
  ["interview", "offer"],
  ["interview", "rejected"],
  ["interview", "withdrawn"],
  ["offer", "accepted"],
  ["offer", "declined"],
  ["offer", "rejected"],
  ["offer", "withdrawn"],
  ["accepted", "onboarded"],
  ["accepted", "rejected"],
  ["accepted", "withdrawn"],
];
const isLegal = (from: Stage, to: Stage) => LEGAL.some(([f, t]) => f === from && t === to);
const PAIRS = STAGES.flatMap((from) => STAGES.map((to) => [from, to] as [Stage, Stage]));

function refusal(from: Stage, to: Stage): RecruitError {
  try {
    assertTransition("AP-1", from, to);
  } catch (e) {
    if (e instanceof RecruitError) return e;
    throw e;
  }
  throw new Error(`${from} → ${to} was not refused`);
}

describe("stage transitions", () => {
  it("covers all 81 pairs: 16 legal, 65 refused", () => {
    expect(PAIRS).toHaveLength(81);
    expect(PAIRS.filter(([f, t]) => canTransition(f, t))).toHaveLength(16);
  });

  it.each(LEGAL)("%s → %s is legal", (from, to) => {
    expect(canTransition(from, to)).toBe(true);
    expect(() => assertTransition("AP-1", from, to)).not.toThrow();
  });

  const illegal = PAIRS.filter(([f, t]) => !isLegal(f, t));
  it.each(illegal)("%s → %s is refused", (from, to) => {
    expect(canTransition(from, to)).toBe(false);
    const e = refusal(from, to);
    const code =
      from === to
        ? "pipeline.same_stage"
        : FINAL_STAGES.includes(from)
          ? "pipeline.final_stage"
          : "pipeline.illegal_transition";
    expect(e.code).toBe(code);
    expect(e.message).toContain("AP-1");
    expect(e.messageFor("zh-CN")).toContain("AP-1");
    expect(e.messageFor("zh-CN")).not.toBe(e.messageFor("en"));
  });

  it("says where an illegal move could go instead, in both languages", () => {
    const e = refusal("applied", "offer");
    expect(e.message).toBe(
      `cannot move application AP-1 from "applied" to "offer"; from "applied" it can go to: "screened", "rejected", "withdrawn"`,
    );
    expect(e.messageFor("zh-CN")).toBe(
      "申请 AP-1 不能从「已投递」改为「已发 offer」；「已投递」之后只能改为：「初筛通过」、「未录用」、「已退出」",
    );
    expect(refusal("onboarded", "rejected").messageFor("en")).toBe(
      `application AP-1 is already closed ("onboarded"); it cannot move to "rejected"`,
    );
    expect(refusal("interview", "interview").messageFor("zh-CN")).toBe("申请 AP-1 已经是「面试中」");
  });

  it("open stages lead somewhere, final stages nowhere", () => {
    for (const s of OPEN_STAGES)
      expect(allowedTransitions(s)).toEqual(expect.arrayContaining(["rejected", "withdrawn"]));
    for (const s of FINAL_STAGES) expect(allowedTransitions(s)).toEqual([]);
    expect([...OPEN_STAGES, ...FINAL_STAGES].sort()).toEqual([...STAGES].sort());
  });

  it("a move answers the pending offer so the two never disagree", () => {
    expect(STAGES.map((s) => [s, offerStatusAfterMove(s)])).toEqual([
      ["applied", null],
      ["screened", null],
      ["interview", null],
      ["offer", null],
      ["accepted", "accepted"],
      ["declined", "declined"],
      ["onboarded", null],
      ["rejected", "withdrawn"],
      ["withdrawn", "declined"],
    ]);
  });
});
