import { describe, expect, it } from "vitest";
import { checkAnswers, grade } from "#app/domain/grading.ts";
import type { Question } from "#app/domain/content-schema.ts";

const q = (id: string, correct: string[], ids = ["a", "b", "c", "d"]): Question => ({
  id,
  skill: "recognize",
  prompt: id,
  explanation: "because",
  sources: ["s"],
  choices: ids.map((c) => ({ id: c, text: c, correct: correct.includes(c) || undefined })),
});

const questions = [q("q1", ["b"]), q("q2", ["a"]), q("q3", ["a", "c"]), q("q4", ["d"]), q("q5", ["c"])];

describe("grade", () => {
  it("scores exact matches and passes at the pass mark", () => {
    const r = grade(questions, { q1: ["b"], q2: ["a"], q3: ["c", "a"], q4: ["d"], q5: ["a"] }, 80);
    expect(r.correctCount).toBe(4);
    expect(r.score).toBe(80);
    expect(r.passed).toBe(true);
  });

  it("fails just under the pass mark", () => {
    const r = grade(questions, { q1: ["b"], q2: ["a"], q3: ["a"], q4: ["d"], q5: ["a"] }, 80);
    expect(r.correctCount).toBe(3);
    expect(r.passed).toBe(false);
  });

  it("counts a partly right 'all that apply' answer as wrong, and so an over-full one", () => {
    expect(grade([questions[2]!], { q3: ["a"] }, 100).correctCount).toBe(0);
    expect(grade([questions[2]!], { q3: ["a", "b", "c"] }, 100).correctCount).toBe(0);
    expect(grade([questions[2]!], { q3: ["a", "c", "a"] }, 100).correctCount).toBe(1);
  });

  it("compares on counts, not a rounded percentage (2 of 3 at a 67 % mark fails)", () => {
    const three = questions.slice(0, 3);
    const r = grade(three, { q1: ["b"], q2: ["a"], q3: ["b"] }, 67);
    expect(r.score).toBe(66.7);
    expect(r.passed).toBe(false);
  });

  it("never passes an empty quiz", () => {
    expect(grade([], {}, 1).passed).toBe(false);
  });
});

describe("checkAnswers", () => {
  const attempt = questions.slice(0, 3).map((x) => ({ questionId: x.id, choiceIds: ["d", "c", "b", "a"] }));
  const byId = new Map(questions.map((x) => [x.id, x]));
  it("accepts a complete, well-formed submission", () => {
    expect(checkAnswers(attempt, byId, { q1: ["a"], q2: ["b"], q3: ["a", "c"] })).toEqual([]);
  });
  it("names unknown questions, unknown choices, double answers and missing answers", () => {
    const problems = checkAnswers(attempt, byId, { q1: ["a", "b"], q2: ["z"], q9: ["a"] });
    expect(problems.map((p) => p.field).sort()).toEqual(["q.q1", "q.q2", "q.q3", "q.q9"]);
  });
});
