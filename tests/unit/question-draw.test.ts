import { describe, expect, it } from "vitest";
import { blueprintGaps, countSeen, drawHistoryWindow, drawQuestions, kindsOf, shuffle, type Blueprint } from "#app/domain/question-draw.ts";
import type { Question } from "#app/domain/content-schema.ts";
import { seeded } from "#tests/support/random.ts";

const pool: Question[] = Array.from({ length: 25 }, (_, i) => ({
  id: `q${i}`,
  skill: "recognize" as const,
  prompt: "p",
  explanation: "e",
  sources: ["s"],
  choices: ["a", "b", "c", "d"].map((c) => ({ id: c, text: c, correct: c === "a" || undefined })),
}));

describe("drawHistoryWindow", () => {
  it("looks back on enough attempts to have shown the pool three times, and at least 20", () => {
    expect(drawHistoryWindow(30, 10)).toBe(20);
    expect(drawHistoryWindow(121, 10)).toBe(39);
    expect(drawHistoryWindow(70, 7)).toBe(30);
    expect(drawHistoryWindow(5, 0)).toBe(20);
  });
});

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

describe("the quiz blueprint", () => {
  // 40 questions: mostly "recognize", few of the other kinds, some for named roles.
  const mixed: Question[] = Array.from({ length: 40 }, (_, i) => ({
    id: `m${i}`,
    skill: i % 10 === 0 ? ("call" as const) : i % 5 === 1 ? ("respond" as const) : ("recognize" as const),
    ...(i % 7 === 3 ? { roles: ["security"] } : {}),
    prompt: "p",
    explanation: "e",
    sources: ["s"],
    choices: ["a", "b"].map((c) => ({ id: c, text: c, correct: c === "a" || undefined })),
  }));
  const blueprint: Blueprint = { recognize: 3, respond: 3, call: 2, role: 2 };
  const byId = new Map(mixed.map((q) => [q.id, q]));
  const count = (drawn: { questionId: string }[], kind: string) => drawn.filter((d) => kindsOf(byId.get(d.questionId)!).includes(kind as never)).length;

  it("gives every draw at least its quota of each kind, whatever the random order and history", () => {
    let history: { questionId: string }[][] = [];
    for (let seed = 1; seed <= 300; seed++) {
      const drawn = drawQuestions(mixed, 10, countSeen(history), seeded(seed), blueprint);
      expect(drawn).toHaveLength(10);
      expect(new Set(drawn.map((d) => d.questionId)).size).toBe(10);
      for (const [kind, n] of Object.entries(blueprint)) expect(count(drawn, kind), `seed ${seed}: ${kind}`).toBeGreaterThanOrEqual(n);
      history = [...history.slice(-3), drawn];
    }
  });

  it("without a blueprint, can draw no response question at all (which is why the course has one)", () => {
    const recognizeFirst = mixed.filter((q) => q.skill === "recognize");
    const drawn = drawQuestions([...recognizeFirst, ...mixed.filter((q) => q.skill !== "recognize")], 10, new Map(mixed.filter((q) => q.skill !== "recognize").map((q) => [q.id, 5])), seeded(9));
    expect(count(drawn, "respond") + count(drawn, "call")).toBe(0);
    const withBlueprint = drawQuestions(mixed, 10, new Map(mixed.filter((q) => q.skill !== "recognize").map((q) => [q.id, 5])), seeded(9), blueprint);
    expect(count(withBlueprint, "respond")).toBeGreaterThanOrEqual(3);
    expect(count(withBlueprint, "call")).toBeGreaterThanOrEqual(2);
  });

  it("names what a pool lacks to meet it, and nothing when it can", () => {
    expect(blueprintGaps(mixed, 10, blueprint)).toEqual([]);
    expect(blueprintGaps(mixed.filter((q) => q.skill !== "call"), 10, blueprint)).toEqual(['0 "call" questions, fewer than the 2 every draw needs']);
    expect(blueprintGaps(mixed, 8, { recognize: 5, respond: 3, call: 2, role: 0 })).toEqual(["the blueprint asks for 10 questions, more than the 8 of a draw"]);
  });
});
