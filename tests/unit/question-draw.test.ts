import { describe, expect, it } from "vitest";
import { countSeen, drawQuestions, shuffle } from "#app/domain/question-draw.ts";
import type { Question } from "#app/domain/content-schema.ts";

/** A small deterministic generator (mulberry32) so failures reproduce. */
function seeded(seed: number) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pool: Question[] = Array.from({ length: 25 }, (_, i) => ({
  id: `q${i}`,
  prompt: "p",
  explanation: "e",
  sources: ["s"],
  choices: ["a", "b", "c", "d"].map((c) => ({ id: c, text: c, correct: c === "a" || undefined })),
}));

describe("drawQuestions", () => {
  it("draws the requested number of distinct questions", () => {
    const drawn = drawQuestions(pool, 10, new Map(), seeded(1));
    expect(drawn).toHaveLength(10);
    expect(new Set(drawn.map((d) => d.questionId)).size).toBe(10);
  });

  it("draws the whole pool when it is smaller than the count", () => {
    expect(drawQuestions(pool.slice(0, 4), 10, new Map(), seeded(2))).toHaveLength(4);
  });

  it("prefers unseen questions, then the least seen", () => {
    const first = drawQuestions(pool, 10, new Map(), seeded(3));
    const second = drawQuestions(pool, 10, countSeen([first]), seeded(4));
    expect(second.filter((d) => first.some((f) => f.questionId === d.questionId))).toHaveLength(0);
    const third = drawQuestions(pool, 10, countSeen([first, second]), seeded(5));
    // 5 unseen remain; the other 5 come from those seen once.
    const unseen = pool.filter((p) => ![...first, ...second].some((d) => d.questionId === p.id)).map((p) => p.id);
    expect(third.filter((d) => unseen.includes(d.questionId))).toHaveLength(5);
  });

  it("shuffles the order of questions and of each question's choices", () => {
    const orders = new Set<string>();
    const choiceOrders = new Set<string>();
    for (let s = 0; s < 20; s++) {
      const drawn = drawQuestions(pool.slice(0, 5), 5, new Map(), seeded(100 + s));
      orders.add(drawn.map((d) => d.questionId).join());
      choiceOrders.add(drawn[0]!.choiceIds.join());
      for (const d of drawn) expect([...d.choiceIds].sort()).toEqual(["a", "b", "c", "d"]);
    }
    expect(orders.size).toBeGreaterThan(10);
    expect(choiceOrders.size).toBeGreaterThan(5);
  });
});

describe("shuffle", () => {
  it("is a permutation and does not modify its input", () => {
    const input = [1, 2, 3, 4, 5, 6];
    const out = shuffle(input, seeded(9));
    expect([...out].sort()).toEqual(input);
    expect(input).toEqual([1, 2, 3, 4, 5, 6]);
  });
});
