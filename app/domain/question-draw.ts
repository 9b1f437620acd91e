import type { Question } from "./content-schema.ts";

export interface DrawnQuestion {
  questionId: string;
  /** The question's choice ids in the order shown for this attempt. */
  choiceIds: string[];
}

/** `random()` returns a float in [0, 1); pass Math.random or a seeded generator in tests. */
export type Random = () => number;

export function shuffle<T>(items: readonly T[], random: Random): T[] {
  const a = [...items];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
}

/** What a question counts for in the blueprint: its skill, and "role" when it is written for named roles. */
export type BlueprintKind = Question["skill"] | "role";
export type Blueprint = Record<BlueprintKind, number>;
export const NO_BLUEPRINT: Blueprint = { recognize: 0, respond: 0, call: 0, role: 0 };

export function kindsOf(q: Pick<Question, "skill" | "roles">): BlueprintKind[] {
  return q.roles ? [q.skill, "role"] : [q.skill];
}

/**
 * Why a pool cannot give every draw its blueprint: quotas that add up to more than a draw
 * holds, or a kind with fewer questions in the pool than its quota. Empty when it can.
 */
export function blueprintGaps(pool: readonly Pick<Question, "skill" | "roles">[], count: number, blueprint: Blueprint): string[] {
  const gaps: string[] = [];
  const total = Object.values(blueprint).reduce((a, b) => a + b, 0);
  if (total > count) gaps.push(`the blueprint asks for ${total} questions, more than the ${count} of a draw`);
  for (const [kind, n] of Object.entries(blueprint) as [BlueprintKind, number][]) {
    const have = pool.filter((q) => kindsOf(q).includes(kind)).length;
    if (have < n) gaps.push(`${have} "${kind}" questions, fewer than the ${n} every draw needs`);
  }
  return gaps;
}

/**
 * Draws `count` questions from `pool` (already filtered to the worker's role): first what the
 * blueprint asks for (at least so many recognising, responding, whom-to-call and own-role
 * questions; scarcest kind first), then the rest. Within each step, questions the worker has
 * not seen come first, then those seen least often, ties at random. Questions and each
 * question's choices come out shuffled.
 */
export function drawQuestions(
  pool: readonly Question[],
  count: number,
  timesSeen: ReadonlyMap<string, number>,
  random: Random,
  blueprint: Blueprint = NO_BLUEPRINT,
): DrawnQuestion[] {
  const size = Math.min(count, pool.length);
  // Shuffle first so ties are broken at random, then stable-sort by times seen.
  const ordered = shuffle(pool, random)
    .map((q) => ({ q, seen: timesSeen.get(q.id) ?? 0 }))
    .sort((a, b) => a.seen - b.seen)
    .map((x) => x.q);
  const chosen = new Set<Question>();
  const candidates = (kind: BlueprintKind) => pool.filter((q) => kindsOf(q).includes(kind)).length;
  const quotas = (Object.entries(blueprint) as [BlueprintKind, number][]).filter(([, n]) => n > 0).sort((a, b) => candidates(a[0]) - candidates(b[0]));
  for (const [kind, n] of quotas) {
    let have = [...chosen].filter((q) => kindsOf(q).includes(kind)).length;
    for (const q of ordered) {
      if (have >= n || chosen.size >= size) break;
      if (!chosen.has(q) && kindsOf(q).includes(kind)) {
        chosen.add(q);
        have++;
      }
    }
  }
  for (const q of ordered) {
    if (chosen.size >= size) break;
    chosen.add(q);
  }
  return shuffle([...chosen], random).map((q) => ({
    questionId: q.id,
    choiceIds: shuffle(
      q.choices.map((c) => c.id),
      random,
    ),
  }));
}

/**
 * How many of the worker's latest graded attempts a new draw looks back on: enough to have
 * shown the whole pool three times over (and at least 20), so "not seen" means not seen in
 * that many attempts. Reading every attempt made the cost of opening the quiz grow with the
 * worker's history (linear in attempts; ADR 036, 2026-12-07 addendum); beyond this window it
 * stays the same.
 */
export function drawHistoryWindow(poolSize: number, count: number): number {
  return Math.max(20, 3 * Math.ceil(poolSize / Math.max(1, count)));
}

/** Counts how often each question appeared in earlier attempts. */
export function countSeen(previous: readonly { questionId: string }[][]): Map<string, number> {
  const seen = new Map<string, number>();
  for (const attempt of previous) for (const q of attempt) seen.set(q.questionId, (seen.get(q.questionId) ?? 0) + 1);
  return seen;
}
