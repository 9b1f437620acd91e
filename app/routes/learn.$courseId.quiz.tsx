import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, isRouteErrorResponse, useActionData, useLoaderData, useRouteError } from "@remix-run/react";
import { modulesForRole, type Course } from "#app/domain/content-schema.ts";
import { formatCertificateCode } from "#app/domain/certificate-code.ts";
import { isMultipleChoice, type Answers } from "#app/domain/grading.ts";
import { summarizeProgress } from "#app/domain/progress.ts";
import { storeCertificatePdfSoon } from "#app/models/certificate-pdf.server.ts";
import { getValidCertificate } from "#app/models/certificate.server.ts";
import { publicOrigin } from "#app/utils/public-url.server.ts";
import { getModuleStates } from "#app/models/progress.server.ts";
import { getOpenAttemptId, getOrStartAttempt, submitAttempt } from "#app/models/quiz.server.ts";
import { requireWorker } from "#app/utils/auth.server.ts";
import { now } from "#app/utils/clock.server.ts";
import { readForm } from "#app/utils/forms.server.ts";
import { clientAddress } from "#app/utils/request.server.ts";

export const meta: MetaFunction = () => [{ title: "Quiz · Frontline Ready" }];

async function requireQuizAccess(request: Request, courseId: string | undefined) {
  const worker = await requireWorker(request);
  const { user, employment, course } = worker;
  if (courseId !== course.id) throw data("This quiz is not part of your course.", { status: 404 });
  const progress = summarizeProgress(modulesForRole(course, employment.jobRole), getModuleStates(user.id, course.id));
  if (!progress.allComplete) {
    throw data(`The quiz opens when every part of the course is done (${progress.completed} of ${progress.total} so far).`, {
      status: 403,
    });
  }
  return worker;
}

function questionView(course: Course, attempt: { id: string; questions: { questionId: string; choiceIds: string[] }[] }) {
  const byId = new Map(course.questions.map((q) => [q.id, q]));
  return {
    attemptId: attempt.id,
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
  const { user, employment, course } = await requireQuizAccess(request, params.courseId);
  const at = now();
  const held = getValidCertificate(user.id, course.id, at);
  if (held) {
    return { courseId: course.id, courseTitle: course.title, passMark: course.passMark, held: formatCertificateCode(held.code), quiz: null };
  }
  const attempt = getOrStartAttempt(user.id, employment, course, at);
  return { courseId: course.id, courseTitle: course.title, passMark: course.passMark, held: null, quiz: questionView(course, attempt) };
}

/**
 * A stale or replayed submission is answered by throwing, so the error boundary below
 * renders it and this route's loader does not run: the loader would open a fresh attempt,
 * and a rejected request must change nothing.
 */
function stale(message: string, link: { href: string; text: string }): never {
  throw data({ message, link }, { status: 409 });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, course } = await requireQuizAccess(request, params.courseId);
  const noOpenQuiz = () => stale("There is no open quiz to submit.", { href: `/learn/${course.id}/quiz`, text: "Open the quiz" });
  if (!getValidCertificate(user.id, course.id, now()) && !getOpenAttemptId(user.id, course.id)) noOpenQuiz();
  const form = await readForm(request);
  const answers: Answers = {};
  const selected: Record<string, string[]> = {};
  let attemptId: string | undefined;
  const errors: Record<string, string> = {};
  for (const [key, value] of form.entries()) {
    if (typeof value !== "string") {
      errors.form = "Files are not accepted here.";
      continue;
    }
    if (key.startsWith("q.")) {
      const id = key.slice(2);
      (answers[id] ??= []).push(value);
      (selected[id] ??= []).push(value);
    } else if (key === "attempt") {
      attemptId = value;
    }
  }
  const attest = form.get("attest");
  if (attest !== "on") errors.attest = "Tick the box to confirm you completed this training yourself.";
  if (attemptId !== undefined && !/^[A-Za-z0-9_-]{1,64}$/.test(attemptId)) errors.attempt = "This quiz form is not valid. Open the quiz again.";
  if (Object.keys(errors).length > 0) return data({ errors, selected }, { status: 400 });

  const result = submitAttempt({ userId: user.id, course, attemptId, answers, clientAddress: clientAddress(context) }, now());
  switch (result.kind) {
    case "invalid": {
      const errs: Record<string, string> = {};
      for (const p of result.problems) errs[p.field] ??= p.message;
      return data({ errors: errs, selected }, { status: 400 });
    }
    case "no-attempt":
      return noOpenQuiz();
    case "already-graded":
      return stale("This quiz was already submitted and graded.", {
        href: `/learn/${course.id}/attempts/${result.attemptId}`,
        text: "See the result of that quiz",
      });
    case "graded":
      if (result.certificate) {
        // Rendered once, after this response, and kept for downloads and audit bundles.
        storeCertificatePdfSoon(result.certificate, publicOrigin(request));
        return redirect(`/certificates/${formatCertificateCode(result.certificate.code)}`);
      }
      return redirect(`/learn/${course.id}/attempts/${result.attempt.id}`);
  }
}

export default function Quiz() {
  const d = useLoaderData<typeof loader>();
  const a = useActionData<typeof action>();
  const errors = (a?.errors ?? {}) as Record<string, string>;
  const selected = (a?.selected ?? {}) as Record<string, string[]>;
  if (d.held) {
    return (
      <section className="card">
        <h1>You have passed this course</h1>
        <p>
          Your certificate <Link to={`/certificates/${d.held}`} className="code">{d.held}</Link> is valid.
        </p>
      </section>
    );
  }
  const quiz = d.quiz!;
  const problemCount = Object.keys(errors).length;
  return (
    <>
      <p className="meta">
        <Link to="/learn">{d.courseTitle}</Link> · Quiz
      </p>
      <h1>Quiz</h1>
      <p>
        {quiz.questions.length} questions. You need {d.passMark}% to pass. If you do not pass, you will see why and can
        try again with other questions.
      </p>
      {problemCount > 0 ? (
        <div className="error-summary" role="alert" tabIndex={-1}>
          <h2>Please check your answers</h2>
          <ul>
            {Object.entries(errors).map(([field, message]) => (
              <li key={field}>{field.startsWith("q.") || field === "attest" ? <a href={`#${field.replace(".", "-")}`}>{message}</a> : message}</li>
            ))}
          </ul>
        </div>
      ) : null}
      <Form method="post">
        <input type="hidden" name="attempt" value={quiz.attemptId} />
        {quiz.questions.map((q, i) => {
          const err = errors[`q.${q.id}`];
          return (
            <fieldset key={q.id} className="question" id={`q-${q.id}`} aria-describedby={err ? `q-${q.id}-error` : undefined}>
              <legend>
                {i + 1}. {q.prompt}
              </legend>
              {q.multiple && !/all that apply/i.test(q.prompt) ? <p className="hint">Choose all that apply.</p> : null}
              {q.choices.map((c) => (
                <label key={c.id} className="choice">
                  <input
                    type={q.multiple ? "checkbox" : "radio"}
                    name={`q.${q.id}`}
                    value={c.id}
                    defaultChecked={selected[q.id]?.includes(c.id)}
                  />
                  <span>{c.text}</span>
                </label>
              ))}
              {err ? (
                <p className="error-text" id={`q-${q.id}-error`}>
                  {err}
                </p>
              ) : null}
            </fieldset>
          );
        })}
        <div className="question" id="attest">
          <label className="choice">
            <input type="checkbox" name="attest" aria-describedby="attest-error" />
            <span>
              <strong>I completed this training myself</strong>, I read every part, and these answers are my own.
            </span>
          </label>
          <p className="error-text" id="attest-error">
            {errors.attest ?? ""}
          </p>
        </div>
        <button type="submit" className="primary">
          Submit my answers
        </button>
      </Form>
    </>
  );
}

/** Stale submissions (409) say what happened and where to go; anything else as the root does. */
export function ErrorBoundary() {
  const error = useRouteError();
  if (isRouteErrorResponse(error) && typeof error.data === "object" && error.data && "link" in error.data) {
    const d = error.data as { message: string; link: { href: string; text: string } };
    return (
      <section className="card">
        <h1>Already done</h1>
        <p>{d.message}</p>
        <p>
          <Link to={d.link.href}>{d.link.text}</Link>
        </p>
      </section>
    );
  }
  return (
    <section className="card">
      <h1>{isRouteErrorResponse(error) && error.status === 403 ? "Not available yet" : "Something is not right"}</h1>
      <p>{isRouteErrorResponse(error) && typeof error.data === "string" ? error.data : "We could not show the quiz. Please try again."}</p>
      <p>
        <Link to="/learn">Back to your course</Link>
      </p>
    </section>
  );
}
