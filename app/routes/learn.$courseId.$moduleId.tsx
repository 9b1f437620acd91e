import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { modulesForRole, type Course } from "#app/domain/content-schema.ts";
import { describeRemaining, remainingMs } from "#app/domain/pacing.ts";
import { moduleAfter, summarizeProgress } from "#app/domain/progress.ts";
import { completeModule, getModuleStates, openModule } from "#app/models/progress.server.ts";
import { requireWorker } from "#app/utils/auth.server.ts";
import { now } from "#app/utils/clock.server.ts";
import { formValues, parseWith, readForm } from "#app/utils/forms.server.ts";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.module.title} · Frontline Ready` : "Frontline Ready" },
];

function findModule(course: Course, role: string, courseId: string | undefined, moduleId: string | undefined) {
  const modules = modulesForRole(course, role);
  const module = courseId === course.id ? modules.find((m) => m.id === moduleId) : undefined;
  if (!module) throw data("This part of the course does not exist or is not part of your course.", { status: 404 });
  return { modules, module };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, employment, course } = await requireWorker(request);
  const { modules, module } = findModule(course, employment.jobRole, params.courseId, params.moduleId);
  const at = now();
  openModule(user.id, course.id, module.id, at);
  const states = getModuleStates(user.id, course.id);
  const state = states.get(module.id)!;
  const index = modules.indexOf(module);
  const sourcesById = new Map(course.sources.map((s) => [s.id, s]));
  const progress = summarizeProgress(modules, states);
  return {
    courseId: course.id,
    courseTitle: course.title,
    module: { id: module.id, title: module.title, html: module.html, minutes: module.minutes },
    sources: module.sources.map((id) => sourcesById.get(id)!).map((s) => ({ title: s.title, publisher: s.publisher, url: s.url })),
    position: { index: index + 1, total: modules.length },
    previous: index > 0 ? modules[index - 1]!.id : null,
    completed: state.completedAt !== null,
    remaining: describeRemaining(remainingMs(state.openedAt, module.minutes, at.getTime())),
    waitMs: remainingMs(state.openedAt, module.minutes, at.getTime()),
    progressPercent: progress.percent,
  };
}

const CompleteSchema = z.object({ intent: z.literal("complete", { error: "Unknown action" }) });

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, employment, course } = await requireWorker(request);
  const { modules, module } = findModule(course, employment.jobRole, params.courseId, params.moduleId);
  const parsed = parseWith(CompleteSchema, formValues(await readForm(request)));
  // Thrown, not returned: the root error boundary renders it and this route's loader,
  // which records the module as opened, does not run for a rejected request.
  if (!parsed.ok) throw data(parsed.errors.intent ?? "Unknown action", { status: 400 });
  const result = completeModule(user.id, course, module, now());
  if (!result.ok && result.reason === "not-opened") {
    throw data("Open this part of the course and read it before marking it done.", { status: 409 });
  }
  if (!result.ok) {
    return data(
      {
        error: `Please take a little longer with this part. You can mark it done in ${describeRemaining(result.remainingMs)}.`,
      },
      { status: 409 },
    );
  }
  const next = moduleAfter(modules, module.id);
  if (next) return redirect(`/learn/${course.id}/${next.id}`);
  const progress = summarizeProgress(modules, getModuleStates(user.id, course.id));
  return redirect(progress.allComplete ? `/learn/${course.id}/quiz` : "/learn");
}

export default function ModulePage() {
  const d = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <article>
      <p className="meta">
        <Link to="/learn">{d.courseTitle}</Link> · Part {d.position.index} of {d.position.total} · about {d.module.minutes}{" "}
        min
      </p>
      <h1>{d.module.title}</h1>
      <div className="module-body" dangerouslySetInnerHTML={{ __html: d.module.html }} />
      <section className="sources" aria-label="Sources">
        <h2>Sources</h2>
        <ul>
          {d.sources.map((s) => (
            <li key={s.url}>
              <a href={s.url} rel="noopener noreferrer">
                {s.title}
              </a>{" "}
              — {s.publisher}
            </li>
          ))}
        </ul>
      </section>
      {actionData?.error ? (
        <p className="notice warn" role="alert">
          {actionData.error}
        </p>
      ) : null}
      {d.completed ? (
        <p className="notice ok">You have finished this part.</p>
      ) : d.waitMs > 0 ? (
        <p className="notice">Take your time with this part. You can mark it done in about {d.remaining}.</p>
      ) : null}
      <Form method="post" className="actions">
        <input type="hidden" name="intent" value="complete" />
        <button type="submit" className="primary">
          {d.completed ? "Next" : "Mark as done and continue"}
        </button>
        {d.previous ? (
          <Link to={`/learn/${d.courseId}/${d.previous}`} className="button secondary">
            Back
          </Link>
        ) : null}
      </Form>
    </article>
  );
}
