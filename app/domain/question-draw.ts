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

/**
 * Draws `count` questions from `pool` (already filtered to the worker's role), preferring
 * questions the worker has not seen; among seen ones, those seen least often. Questions
 * and each question's choices come out shuffled.
 */
export function drawQuestions(
  pool: readonly Question[],
  count: number,
  timesSeen: ReadonlyMap<string, number>,
  random: Random,
): DrawnQuestion[] {
  // Shuffle first so ties are broken at random, then stable-sort by times seen.
  const ordered = shuffle(pool, random)
    .map((q) => ({ q, seen: timesSeen.get(q.id) ?? 0 }))
    .sort((a, b) => a.seen - b.seen)
    .slice(0, Math.min(count, pool.length))
    .map((x) => x.q);
  return shuffle(ordered, random).map((q) => ({
    questionId: q.id,
    choiceIds: shuffle(
      q.choices.map((c) => c.id),
      random,
    ),
  }));
}

/** Counts how often each question appeared in earlier attempts. */
export function countSeen(previous: readonly { questionId: string }[][]): Map<string, number> {
  const seen = new Map<string, number>();
  for (const attempt of previous) for (const q of attempt) seen.set(q.questionId, (seen.get(q.questionId) ?? 0) + 1);
  return seen;
}
