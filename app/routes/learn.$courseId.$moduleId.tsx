import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { useEffect, useRef } from "react";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { modulesForRole, type Course } from "#app/domain/content-schema.ts";
import { describeRemaining, remainingMs } from "#app/domain/pacing.ts";
import { clockTimeIn, timeZoneOf } from "#app/i18n/format.ts";
import { moduleAfter, summarizeProgress } from "#app/domain/progress.ts";
import { completeModule, getModuleStates, openModule } from "#app/models/progress.server.ts";
import { requireWorker } from "#app/server/auth.server.ts";
import { workplaceNumbers } from "#app/models/signs.server.ts";
import { now } from "#app/utils/clock.server.ts";
import { formValues, parseWith, readForm } from "#app/utils/forms.server.ts";
import { getT } from "#app/i18n/i18n.server.ts";
import type { TFunction } from "#app/i18n/translate.ts";
import { getRuleFor, localizeCourse } from "#app/server/content.server.ts";
import { useT } from "#app/components/i18n.tsx";
import { PacingNote, useCountdown } from "#app/components/module-countdown.tsx";
import { ReadAloud } from "#app/components/read-aloud.tsx";
import { sectionBodyId, splitSections } from "#app/domain/module-sections.ts";
import { documentHtml } from "#app/utils/document-html.server.ts";
import { DocumentHtml } from "#app/components/document-html.tsx";
import { MODULE_SOURCES_ID } from "#app/components/module-sources.tsx";
import { moduleSourcesHtml } from "#app/server/module-html.server.tsx";
import type { MessagesHandle } from "#app/i18n/page-messages.ts";

export const handle = { messages: ["worker.module", "worker.readAloud"] } satisfies MessagesHandle;

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.module.title} · Frontline Ready` : "Frontline Ready" },
];

function findModule(course: Course, role: string, courseId: string | undefined, moduleId: string | undefined, t: TFunction) {
  const modules = modulesForRole(course, role);
  const module = courseId === course.id ? modules.find((m) => m.id === moduleId) : undefined;
  if (!module) throw data(t("module.notFound"), { status: 404 });
  return { modules, module };
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { user, employment, employer, course: english } = await requireWorker(request);
  const { lang, t } = await getT(request, "worker");
  const course = localizeCourse(english, lang);
  const { modules, module } = findModule(course, employment.jobRole, params.courseId, params.moduleId, t);
  const at = now();
  openModule(user.id, course.id, module.id, at);
  const states = getModuleStates(user.id, course.id);
  const state = states.get(module.id)!;
  const waitMs = state.completedAt === null ? remainingMs(state.openedAt, module.minutes, at.getTime()) : 0;
  const index = modules.indexOf(module);
  const progress = summarizeProgress(modules, states);
  return {
    courseId: course.id,
    courseTitle: course.title,
    module: { id: module.id, title: module.title, minutes: module.minutes },
    // Each body is in the document once: as markup, not also as data (app/components/document-html.tsx).
    sections: splitSections(module.html).map((s) => ({ ...s, body: documentHtml(context, sectionBodyId(s), s.body) })),
    // The list of sources too, rendered once per module and language (app/server/module-html.server.tsx).
    sources: documentHtml(context, MODULE_SOURCES_ID, moduleSourcesHtml(course, module)),
    position: { index: index + 1, total: modules.length },
    previous: index > 0 ? modules[index - 1]!.id : null,
    completed: state.completedAt !== null,
    remaining: describeRemaining(waitMs, t),
    // Without JavaScript the page cannot know the reader's clock: the time "Mark as done" will
    // count, on the server's clock, in the employer's time zone, named (ADR 023, 025).
    readyAt: waitMs > 0 ? clockTimeIn(at.getTime() + waitMs, lang, timeZoneOf(employer.jurisdiction)) : null,
    waitMs,
    progressPercent: progress.percent,
    // The "who to call" part names the numbers of the worker's own workplace.
    workplace: module.topics.includes("law-enforcement-contacts") ? workplaceNumbers(employment.siteId, getRuleFor(employer)) : null,
  };
}

const CompleteSchema = z.object({ intent: z.literal("complete") });

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, employment, course } = await requireWorker(request);
  const { t } = await getT(request, "worker");
  const { modules, module } = findModule(course, employment.jobRole, params.courseId, params.moduleId, t);
  const parsed = parseWith(CompleteSchema, formValues(await readForm(request)));
  // Thrown, not returned: the root error boundary renders it and this route's loader,
  // which records the module as opened, does not run for a rejected request.
  if (!parsed.ok) throw data(t("module.unknownAction"), { status: 400 });
  const result = completeModule(user.id, course, module, now());
  if (!result.ok && result.reason === "not-opened") {
    throw data(t("module.notOpened"), { status: 409 });
  }
  if (!result.ok) {
    return data({ error: t("module.tooSoon", { remaining: describeRemaining(result.remainingMs, t) }) }, { status: 409 });
  }
  const next = moduleAfter(modules, module.id);
  if (next) return redirect(`/learn/${course.id}/${next.id}`);
  const progress = summarizeProgress(modules, getModuleStates(user.id, course.id));
  return redirect(progress.allComplete ? `/learn/${course.id}/quiz` : "/learn");
}

export default function ModulePage() {
  const d = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT("worker");
  const countdown = useCountdown(d.waitMs, d.module.id);
  const notice = useRef<HTMLParagraphElement>(null);
  // "Mark as done" too early: the server's answer is shown at the top, focused. Without
  // JavaScript the page arrives so (autoFocus); with it, focus moves there when it appears.
  useEffect(() => {
    if (actionData?.error) {
      notice.current?.focus();
      notice.current?.scrollIntoView?.({ block: "start" });
    }
  }, [actionData]);
  const headed = d.sections.filter((s) => s.heading !== null);
  // With JavaScript, the button looks unavailable until the time is up and is described by
  // the countdown. It is not disabled: the server decides (ADR 005), and pressed early it
  // answers with the time left, shown at the top; a device whose timers lag never locks it.
  const waiting = countdown !== null && countdown.leftMs > 0;
  return (
    <article>
      <p className="meta">
        <Link to="/learn">{d.courseTitle}</Link> · {t("module.position", { index: d.position.index, total: d.position.total, minutes: d.module.minutes })}
      </p>
      <h1>{d.module.title}</h1>
      {actionData?.error ? (
        <p className="notice warn" role="alert" id="pacing-notice" tabIndex={-1} autoFocus ref={notice}>
          {actionData.error}
        </p>
      ) : null}
      {d.completed || actionData?.error ? null : <PacingNote waitMs={d.waitMs} remaining={d.remaining} readyAt={d.readyAt} countdown={countdown} />}
      <ReadAloud key={d.module.id} rootId="module-body" nextLabel={t("readAloud.nextSection")} />
      {headed.length > 1 ? (
        <nav className="outline" aria-labelledby="outline-title">
          <p id="outline-title" className="meta">
            {t("module.outline", { count: headed.length })}
          </p>
          <ol>
            {headed.map((s) => (
              <li key={s.id}>
                <a href={`#${s.id}`}>{s.title}</a>
              </li>
            ))}
          </ol>
        </nav>
      ) : null}
      <div className="module-body" id="module-body">
        {d.sections.map((s) =>
          s.heading === null ? (
            <DocumentHtml key={s.id} id={sectionBodyId(s)} html={s.body} data-read-aloud="" />
          ) : (
            <section key={s.id} id={s.id} aria-labelledby={`${s.id}-title`} data-read-aloud="">
              {headed.length > 1 ? <p className="section-count">{t("module.sectionOf", { index: headed.indexOf(s) + 1, total: headed.length })}</p> : null}
              <h2 id={`${s.id}-title`} dangerouslySetInnerHTML={{ __html: s.heading }} />
              <DocumentHtml id={sectionBodyId(s)} html={s.body} />
            </section>
          ),
        )}
      </div>
      {d.workplace && (d.workplace.police || d.workplace.state.length > 0) ? (
        <section className="notice" aria-labelledby="workplace-numbers">
          <h2 id="workplace-numbers">{d.workplace.siteName ? t("module.workplaceAt", { site: d.workplace.siteName }) : t("module.workplace")}</h2>
          <ul>
            {d.workplace.police ? (
              <li>
                {d.workplace.police.agency ? t("module.police", { agency: d.workplace.police.agency }) : t("module.policeNoAgency")} <a href={`tel:${d.workplace.police.phone.replace(/[^0-9+]/g, "")}`}>{d.workplace.police.phone}</a>
              </li>
            ) : null}
            {d.workplace.state.map((n) => (
              <li key={n.number}>
                <span lang="en">{n.label}</span>: {n.number}
              </li>
            ))}
          </ul>
          <p className="meta">{t("module.policeNote")}</p>
        </section>
      ) : null}
      <section className="sources" aria-label={t("module.sources")}>
        <h2>{t("module.sources")}</h2>
        <DocumentHtml id={MODULE_SOURCES_ID} html={d.sources} />
      </section>
      {d.completed ? <p className="notice ok">{t("module.finished")}</p> : <PacingNote id="pacing-bottom" waitMs={d.waitMs} remaining={d.remaining} readyAt={d.readyAt} countdown={countdown} announce />}
      <Form method="post" className="actions">
        <input type="hidden" name="intent" value="complete" />
        <button type="submit" className={waiting ? "primary waiting" : "primary"} data-waiting={waiting ? "" : undefined} aria-describedby={waiting ? "pacing-bottom" : undefined}>
          {d.completed ? t("module.next") : t("module.markDone")}
        </button>
        {d.previous ? (
          <Link to={`/learn/${d.courseId}/${d.previous}`} className="button secondary">
            {t("module.back")}
          </Link>
        ) : null}
      </Form>
    </article>
  );
}
