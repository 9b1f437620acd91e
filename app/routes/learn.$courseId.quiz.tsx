import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, isRouteErrorResponse, useActionData, useLoaderData, useRouteError } from "@remix-run/react";
import { modulesForRole, type Course } from "#app/domain/content-schema.ts";
import { formatCertificateCode } from "#app/domain/certificate-code.ts";
import { certificatePath } from "#app/domain/public-urls.ts";
import { isMultipleChoice, type Answers } from "#app/domain/grading.ts";
import { summarizeProgress } from "#app/domain/progress.ts";
import { storeCertificatePdfSoon } from "#app/models/certificate-pdf.server.ts";
import { publicOrigin } from "#app/utils/public-url.server.ts";
import { getModuleStates } from "#app/models/progress.server.ts";
import { drawKey, getOrStartAttempt, quizGate, submitAttempt, type SubmitProblem } from "#app/models/quiz.server.ts";
import { requireWorker } from "#app/server/auth.server.ts";
import { getSharedDevice } from "#app/server/shared-device.server.ts";
import { signOut } from "#app/server/session.server.ts";
import { now } from "#app/utils/clock.server.ts";
import { readForm } from "#app/utils/forms.server.ts";
import type { TFunction } from "#app/i18n/translate.ts";
import { clientAddress } from "#app/utils/request.server.ts";
import { getT } from "#app/i18n/i18n.server.ts";
import { localizeCourse } from "#app/server/content.server.ts";
import { ErrorSummary } from "#app/components/field.tsx";
import { ReadAloud } from "#app/components/read-aloud.tsx";
import { Rich, useLang, useT } from "#app/components/i18n.tsx";
import { formatPercent } from "#app/i18n/format.ts";
import type { MessagesHandle } from "#app/i18n/page-messages.ts";
import { useAutoComplete } from "#app/components/shared-device.tsx";

export const handle = { messages: ["worker.quiz", "worker.readAloud"] } satisfies MessagesHandle;

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.pageTitle ?? "Frontline Ready" }];

async function requireQuizAccess(request: Request, courseId: string | undefined) {
  const worker = await requireWorker(request);
  const { lang, t } = await getT(request, "worker");
  const { user, employment, course } = worker;
  if (courseId !== course.id) throw data(t("quiz.notYours"), { status: 404 });
  const progress = summarizeProgress(modulesForRole(course, employment.jobRole), getModuleStates(user.id, course.id));
  if (!progress.allComplete) {
    throw data(t("quiz.notOpen", { completed: progress.completed, total: progress.total }), { status: 403 });
  }
  // The questions are shown in the page's language; ids and answers are the same in every language.
  return { ...worker, shown: localizeCourse(course, lang), lang, t };
}

function questionView(course: Course, attempt: { id: string; questions: { questionId: string; choiceIds: string[] }[] }) {
  const byId = new Map(course.questions.map((q) => [q.id, q]));
  return {
    attemptId: attempt.id,
    draw: drawKey(attempt.questions),
    questions: attempt.questions.map((aq) => {
      const q = byId.get(aq.questionId)!;
      const choices = new Map(q.choices.map((c) => [c.id, c.text]));
      // Only ids and texts reach the page: never which choice is correct.
      return {
        id: q.id,
        prompt: q.prompt,
        multiple: isMultipleChoice(q),
        choices: aq.choiceIds.map((id) => ({ id, text: choices.get(id)! })),
      };
    }),
  };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, employment, course, shown, t } = await requireQuizAccess(request, params.courseId);
  const at = now();
  const { held, open } = quizGate(user.id, employment, course.id, at);
  const page = { pageTitle: t("quiz.metaTitle"), courseId: course.id, courseTitle: shown.title, passMark: course.passMark };
  // A certificate far from its end, with the law content: nothing to do. Near its end, or when
  // the law asks for training again: the quiz opens, so the worker renews before it lapses.
  if (held && !open) return { ...page, held: formatCertificateCode(held.code), renewing: null, quiz: null };
  const attempt = getOrStartAttempt(user.id, employment, course, at);
  return { ...page, held: null, renewing: held ? held.expiresOn : null, quiz: questionView(shown, attempt) };
}

/**
 * A stale or replayed submission is answered by throwing, so the error boundary below
 * renders it and this route's loader does not run: the loader would open a fresh attempt,
 * and a rejected request must change nothing.
 */
function stale(message: string, link: { href: string; text: string }): never {
  throw data({ message, link }, { status: 409 });
}

/** The number of a question in the attempt's order, where a problem names one; kept for the page's links. */
function problemMessages(problems: SubmitProblem[], t: TFunction): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const p of problems) {
    if (errors[p.field]) continue;
    const key = p.message.replace(/^worker:/, "");
    // "Question 3: choose an answer": each message names its question, in the summary and under it.
    errors[p.field] = p.number !== undefined && NUMBERED.has(key) ? t(`quiz.errors.numbered.${key.split(".").at(-1)}`, { number: p.number }) : t(key);
  }
  return errors;
}
const NUMBERED = new Set(["quiz.errors.choose", "quiz.errors.onlyOne", "quiz.errors.notAChoice"]);

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, course, lang, t } = await requireQuizAccess(request, params.courseId);
  const form = await readForm(request);
  // Keyed by names the sender chose ("q.<id>"): objects without a prototype, so q.__proto__ or
  // q.constructor is an id like any other, which names no question of the attempt (400 below).
  const answers = Object.create(null) as Answers;
  let attemptId: string | undefined;
  let draw: string | undefined;
  const errors: Record<string, string> = {};
  for (const [key, value] of form.entries()) {
    if (typeof value !== "string") {
      errors.form = t("quiz.errors.files");
      continue;
    }
    if (key.startsWith("q.")) {
      const id = key.slice(2);
      if (Object.hasOwn(answers, id)) answers[id]!.push(value);
      else answers[id] = [value];
    } else if (key === "attempt") {
      attemptId = value;
    } else if (key === "draw") {
      draw = value;
    }
  }
  // What the page shows again after an error: answers to this course's questions only, and the attestation.
  const selected = Object.fromEntries(course.questions.filter((q) => Object.hasOwn(answers, q.id)).map((q) => [q.id, answers[q.id]!]));
  const attested = form.get("attest") === "on";
  if (attemptId !== undefined && !/^[A-Za-z0-9_-]{1,64}$/.test(attemptId)) errors.attempt = t("quiz.errors.badForm");
  if (Object.keys(errors).length > 0) return data({ errors, selected, attested }, { status: 400 });

  // Graded against the English course (the answers are the same in every language); the
  // attempt and any certificate record the language the worker answered in.
  const result = submitAttempt({ userId: user.id, course, attemptId, answers, attested, draw, language: lang, clientAddress: clientAddress(context) }, now());
  switch (result.kind) {
    case "invalid":
      return data({ errors: problemMessages(result.problems, t), selected, attested }, { status: 400 });
    case "no-attempt":
      return stale(t("quiz.stale.noOpen"), { href: `/learn/${course.id}/quiz`, text: t("quiz.stale.open") });
    case "stale-draw":
      return stale(t("quiz.stale.drawChanged"), { href: `/learn/${course.id}/quiz`, text: t("quiz.stale.fresh") });
    case "already-graded":
      return stale(t("quiz.stale.graded"), {
        href: `/learn/${course.id}/attempts/${result.attemptId}`,
        text: t("quiz.stale.seeResult"),
      });
    case "duplicate":
      // The same form again (a double click, a resend): the first submission's outcome.
      return redirect(result.certificate ? certificatePath(result.certificate.code) : `/learn/${course.id}/attempts/${result.attemptId}`);
    case "graded":
      if (result.certificate) {
        // Rendered once, after this response, and kept for downloads and audit bundles.
        storeCertificatePdfSoon(result.certificate);
        // A shared break-room tablet signs the worker out once they have their certificate (ADR 028).
        if (await getSharedDevice(request)) return signOut(request, context, "passed");
        return redirect(certificatePath(result.certificate.code));
      }
      return redirect(`/learn/${course.id}/attempts/${result.attempt.id}`);
  }
}

export default function Quiz() {
  const d = useLoaderData<typeof loader>();
  const a = useActionData<typeof action>();
  const t = useT("worker");
  const autoComplete = useAutoComplete();
  const lang = useLang();
  const errors = (a?.errors ?? {}) as Record<string, string>;
  const selected = (a?.selected ?? {}) as Record<string, string[]>;
  const attested = a && "attested" in a ? a.attested === true : false;
  if (d.held) {
    return (
      <section className="card">
        <h1>{t("quiz.heldTitle")}</h1>
        <p>
          <Rich text={t("quiz.held", { code: d.held })} tags={{ code: (s) => <Link to={certificatePath(d.held)} className="code">{s}</Link> }} />
        </p>
      </section>
    );
  }
  const quiz = d.quiz!;
  return (
    <>
      <p className="meta">
        <Link to="/learn">{d.courseTitle}</Link> · {t("quiz.title")}
      </p>
      <h1>{t("quiz.title")}</h1>
      {d.renewing ? <p className="notice">{t("quiz.renewing", { date: d.renewing })}</p> : null}
      <p>{t("quiz.intro", { count: quiz.questions.length, passMark: formatPercent(d.passMark, lang) })}</p>
      <ErrorSummary
        errors={Object.keys(errors).length > 0 ? errors : undefined}
        title={t("quiz.checkAnswers")}
        hrefFor={(field) => (field === "attest" || quiz.questions.some((q) => `q.${q.id}` === field) ? `#${field.replace(".", "-")}` : null)}
      />
      <ReadAloud rootId="quiz-form" nextLabel={t("readAloud.nextQuestion")} />
      <Form method="post" id="quiz-form" autoComplete={autoComplete}>
        <input type="hidden" name="attempt" value={quiz.attemptId} />
        <input type="hidden" name="draw" value={quiz.draw} />
        {quiz.questions.map((q, i) => {
          const err = errors[`q.${q.id}`];
          return (
            <fieldset key={q.id} className="question" id={`q-${q.id}`} aria-describedby={err ? `q-${q.id}-error` : undefined} data-read-aloud="">
              <legend>
                {i + 1}. {q.prompt}
              </legend>
              {q.multiple && !/all that apply|todas las que apliquen/i.test(q.prompt) ? <p className="hint">{t("quiz.chooseAll")}</p> : null}
              {q.choices.map((c) => (
                <label key={c.id} className="choice">
                  <input
                    type={q.multiple ? "checkbox" : "radio"}
                    name={`q.${q.id}`}
                    value={c.id}
                    defaultChecked={selected[q.id]?.includes(c.id)}
                    aria-invalid={err ? true : undefined}
                  />
                  <span>{c.text}</span>
                </label>
              ))}
              {err ? (
                <p className="error-text" id={`q-${q.id}-error`} data-read-skip="">
                  {err}
                </p>
              ) : null}
            </fieldset>
          );
        })}
        <div className="question" id="attest">
          <label className="choice">
            <input type="checkbox" name="attest" defaultChecked={attested} aria-describedby="attest-error" aria-invalid={errors.attest ? true : undefined} />
            <span>
              <Rich text={t("quiz.attest")} tags={{ b: (s) => <strong>{s}</strong> }} />
            </span>
          </label>
          <p className="error-text" id="attest-error">
            {errors.attest ?? ""}
          </p>
        </div>
        <button type="submit" className="primary">
          {t("quiz.submit")}
        </button>
      </Form>
    </>
  );
}

/** Stale submissions (409) say what happened and where to go; anything else as the root does. */
export function ErrorBoundary() {
  const error = useRouteError();
  const t = useT("worker");
  if (isRouteErrorResponse(error) && typeof error.data === "object" && error.data && "link" in error.data) {
    const d = error.data as { message: string; link: { href: string; text: string } };
    return (
      <section className="card">
        <h1>{t("common:errors.title409")}</h1>
        <p>{d.message}</p>
        <p>
          <Link to={d.link.href}>{d.link.text}</Link>
        </p>
      </section>
    );
  }
  return (
    <section className="card">
      <h1>{isRouteErrorResponse(error) && error.status === 403 ? t("quiz.boundary.notYet") : t("quiz.boundary.wrong")}</h1>
      <p>{isRouteErrorResponse(error) && typeof error.data === "string" ? error.data : t("quiz.boundary.text")}</p>
      <p>
        <Link to="/learn">{t("quiz.boundary.back")}</Link>
      </p>
    </section>
  );
}
