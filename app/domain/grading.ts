import type { Question } from "./content-schema.ts";

/** Chosen choice ids by question id. Read with chosenFor: the keys come from a form. */
export type Answers = Record<string, string[]>;

/** The choices given for a question; only the object's own keys count (never `constructor` and the like). */
export function chosenFor(answers: Answers, questionId: string): string[] | undefined {
  return Object.hasOwn(answers, questionId) ? answers[questionId] : undefined;
}

export interface GradedQuestion {
  questionId: string;
  chosen: string[];
  correct: boolean;
}

export interface GradeResult {
  questions: GradedQuestion[];
  correctCount: number;
  questionCount: number;
  /** Percent, rounded to one decimal. */
  score: number;
  passed: boolean;
}

/**
 * A question is right when the chosen set equals the set of correct choices exactly
 * (for "choose all that apply", a partly right answer is wrong). Passing needs
 * score ≥ passMark percent.
 */
export function grade(questions: Question[], answers: Answers, passMark: number): GradeResult {
  const graded = questions.map((q) => {
    const chosen = [...new Set(chosenFor(answers, q.id) ?? [])].sort();
    const right = q.choices.filter((c) => c.correct).map((c) => c.id).sort();
    const correct = chosen.length === right.length && chosen.every((c, i) => c === right[i]);
    return { questionId: q.id, chosen, correct };
  });
  const correctCount = graded.filter((g) => g.correct).length;
  const questionCount = questions.length;
  const exact = questionCount === 0 ? 0 : (correctCount / questionCount) * 100;
  return {
    questions: graded,
    correctCount,
    questionCount,
    score: Math.round(exact * 10) / 10,
    // Compare on counts, not on the rounded percentage.
    passed: questionCount > 0 && correctCount * 100 >= passMark * questionCount,
  };
}

export interface AnswerProblem {
  field: string;
  /** A translation key ("worker:quiz.errors.choose"); the page says it in its language. */
  message: string;
}

/**
 * Checks a submission against the attempt it belongs to: every answer must name a
 * question of the attempt and one of that question's choices; single-answer questions
 * take one choice; every question must be answered.
 */
export function checkAnswers(
  attemptQuestions: { questionId: string; choiceIds: string[] }[],
  questionsById: Map<string, Question>,
  answers: Answers,
): AnswerProblem[] {
  const problems: AnswerProblem[] = [];
  const inAttempt = new Map(attemptQuestions.map((q) => [q.questionId, q]));
  for (const [questionId, chosen] of Object.entries(answers)) {
    const aq = inAttempt.get(questionId);
    if (!aq) {
      problems.push({ field: `q.${questionId}`, message: "worker:quiz.errors.notInAttempt" });
      continue;
    }
    for (const c of chosen) {
      if (!aq.choiceIds.includes(c)) {
        problems.push({ field: `q.${questionId}`, message: "worker:quiz.errors.notAChoice" });
      }
    }
    const q = questionsById.get(questionId);
    if (q && !isMultipleChoice(q) && new Set(chosen).size > 1) {
      problems.push({ field: `q.${questionId}`, message: "worker:quiz.errors.onlyOne" });
    }
  }
  for (const aq of attemptQuestions) {
    if ((chosenFor(answers, aq.questionId) ?? []).length === 0) {
      problems.push({ field: `q.${aq.questionId}`, message: "worker:quiz.errors.choose" });
    }
  }
  return problems;
}

export function isMultipleChoice(q: Pick<Question, "choices">) {
  return q.choices.filter((c) => c.correct).length > 1;
}
