import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { ActionFeedback } from "#app/components/action-feedback.tsx";
import { Field } from "#app/components/field.tsx";
import { useT } from "#app/components/i18n.tsx";
import { TableWrap } from "#app/components/table-wrap.tsx";
import { checkEndpointUrl, WEBHOOK_EVENTS, type WebhookEvent } from "#app/domain/webhooks.ts";
import { formatDateTime, timeZoneOf } from "#app/i18n/format.ts";
import { getT } from "#app/i18n/i18n.server.ts";
import type { MessagesHandle } from "#app/i18n/page-messages.ts";
import { createEndpoint, endpointEvents, listEndpoints, listWebhookDeliveries, removeEndpoint, rotateEndpointSecret, sendTestEvent, webhooksEnabled } from "#app/models/webhooks.server.ts";
import { requireEmployerAdmin } from "#app/server/auth.server.ts";
import { now } from "#app/utils/clock.server.ts";
import { getEnv } from "#app/utils/env.server.ts";
import { formValues, readForm } from "#app/utils/forms.server.ts";
import { clientAddress } from "#app/utils/request.server.ts";

export const handle = { messages: ["employer"] } satisfies MessagesHandle;

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.pageTitle ?? "Frontline Ready" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { employer } = await requireEmployerAdmin(request);
  const { t, lang } = await getT(request, "employer");
  const when = (ms: number | null) => (ms === null ? "" : formatDateTime(ms, lang, timeZoneOf(employer.jurisdiction)));
  const endpoints = listEndpoints(employer.id);
  const urls = new Map(endpoints.map((e) => [e.id, e.url]));
  return {
    pageTitle: t("webhooks.metaTitle"),
    enabled: webhooksEnabled(),
    events: WEBHOOK_EVENTS,
    endpoints: endpoints.map((e) => ({ id: e.id, url: e.url, events: endpointEvents(e), created: when(e.createdAt), rotated: when(e.secretRotatedAt) })),
    deliveries: listWebhookDeliveries(employer.id).map((r) => ({
      id: r.id,
      kind: r.kind,
      url: urls.get(r.target) ?? null,
      created: when(r.createdAt),
      status: r.status,
      attempts: r.attempts,
      code: r.lastStatusCode,
      lastError: r.lastError,
      delivered: when(r.deliveredAt),
    })),
  };
}

const EndpointId = z.object({ endpointId: z.string().trim().min(1).max(64) });
const AddEndpoint = z.object({
  url: z.string().trim().min(1, "webhooks.errors.urlMissing").max(2000, "webhooks.errors.invalid"),
  events: z.array(z.enum(WEBHOOK_EVENTS)).min(1, "webhooks.errors.noEvents"),
});

type ActionData = { errors?: Record<string, string>; done?: string | null; secret?: string | null };

export async function action({ request, context }: ActionFunctionArgs) {
  const { admin, employer } = await requireEmployerAdmin(request);
  const { t } = await getT(request, "employer");
  const fail = (status: number, errors: Record<string, string>) => data<ActionData>({ errors, done: null, secret: null }, { status });
  if (!webhooksEnabled()) return fail(409, { form: t("webhooks.off") });
  const form = await readForm(request);
  const values = formValues(form);
  const address = clientAddress(context);
  const t0 = now();
  if (values.intent === "add") {
    const parsed = AddEndpoint.safeParse({ url: values.url ?? "", events: form.getAll("events").filter((v) => typeof v === "string") });
    if (!parsed.success) {
      const errors: Record<string, string> = {};
      for (const issue of parsed.error.issues) {
        const field = String(issue.path[0] ?? "form");
        errors[field] ??= issue.message.startsWith("webhooks.") ? t(issue.message) : t("webhooks.errors.invalid");
      }
      return fail(400, errors);
    }
    const url = checkEndpointUrl(parsed.data.url, getEnv().NODE_ENV === "production");
    if (!url.ok) return fail(400, { url: t(`webhooks.errors.${url.error}`) });
    const created = createEndpoint({ admin, employerId: employer.id, url: url.url, events: parsed.data.events as WebhookEvent[], clientAddress: address }, t0);
    if (!created.ok) return fail(409, { form: t("webhooks.errors.tooMany") });
    return data<ActionData>({ done: t("webhooks.added", { url: url.url }), secret: created.secret });
  }
  const parsed = EndpointId.safeParse(values);
  if (!parsed.success || !["rotate", "remove", "test"].includes(String(values.intent))) return fail(400, { form: t("webhooks.errors.invalid") });
  const ref = { admin, employerId: employer.id, endpointId: parsed.data.endpointId, clientAddress: address };
  if (values.intent === "rotate") {
    const secret = rotateEndpointSecret(ref, t0);
    if (!secret) return fail(404, { form: t("webhooks.errors.unknown") });
    return data<ActionData>({ done: t("webhooks.rotated"), secret });
  }
  if (values.intent === "remove") {
    if (!removeEndpoint(ref, t0)) return fail(404, { form: t("webhooks.errors.unknown") });
    return data<ActionData>({ done: t("webhooks.removed"), secret: null });
  }
  if (!sendTestEvent(ref, t0)) return fail(404, { form: t("webhooks.errors.unknown") });
  return data<ActionData>({ done: t("webhooks.testQueued"), secret: null });
}

export default function Webhooks() {
  const d = useLoaderData<typeof loader>();
  const a = useActionData<typeof action>();
  const t = useT("employer");
  return (
    <section className="card">
      <p>
        <Link to="/employer">{t("nav.dashboard")}</Link>
      </p>
      <h1>{t("webhooks.title")}</h1>
      <p>{t("webhooks.intro")}</p>
      {d.enabled ? null : <p className="notice warn">{t("webhooks.off")}</p>}
      <ActionFeedback errors={a?.errors} done={a?.done} />
      {a?.secret ? (
        <div className="notice ok">
          <p>{t("webhooks.secretOnce")}</p>
          <p>
            <code className="secret break-anywhere">{a.secret}</code>
          </p>
        </div>
      ) : null}

      <h2>{t("webhooks.endpointsTitle")}</h2>
      {d.endpoints.length === 0 ? (
        <p>{t("webhooks.none")}</p>
      ) : (
        <ul className="results">
          {d.endpoints.map((e) => (
            <li key={e.id}>
              <p>
                <strong className="break-anywhere">{e.url}</strong>
              </p>
              <p className="meta">
                {e.events.map((ev) => t(`webhooks.event.${ev.replace(".", "_")}`)).join(", ")}
                <br />
                {t("webhooks.since", { date: e.created })}
                {e.rotated ? ` · ${t("webhooks.rotatedOn", { date: e.rotated })}` : ""}
              </p>
              {d.enabled ? (
                <Form method="post" className="actions">
                  <input type="hidden" name="endpointId" value={e.id} />
                  <button type="submit" name="intent" value="test" className="button secondary">
                    {t("webhooks.test")}
                  </button>
                  <button type="submit" name="intent" value="rotate" className="button secondary">
                    {t("webhooks.rotate")}
                  </button>
                  <button type="submit" name="intent" value="remove" className="button secondary">
                    {t("webhooks.remove")}
                  </button>
                </Form>
              ) : null}
            </li>
          ))}
        </ul>
      )}

      {d.enabled ? (
        <Form method="post">
          <h2>{t("webhooks.addTitle")}</h2>
          <input type="hidden" name="intent" value="add" />
          <Field name="url" label={t("webhooks.url")} hint={t("webhooks.urlHint")} type="text" inputMode="url" autoComplete="off" spellCheck={false} required error={a?.errors?.url} />
          <fieldset className="question">
            <legend>{t("webhooks.events")}</legend>
            {d.events.map((ev) => (
              <label key={ev} className="choice">
                <input type="checkbox" name="events" value={ev} defaultChecked /> <span>{t(`webhooks.event.${ev.replace(".", "_")}`)}</span>
              </label>
            ))}
            <p className="error-text" id="f-events-error" role={a?.errors?.events ? "alert" : undefined}>
              {a?.errors?.events ?? ""}
            </p>
          </fieldset>
          <button type="submit" className="primary">
            {t("webhooks.add")}
          </button>
        </Form>
      ) : null}

      <h2>{t("webhooks.historyTitle")}</h2>
      {d.deliveries.length === 0 ? (
        <p>{t("webhooks.nothingYet")}</p>
      ) : (
        <TableWrap label={t("webhooks.historyTitle")} keepWords>
          <table>
            <thead>
              <tr>
                <th scope="col">{t("webhooks.col.queued")}</th>
                <th scope="col">{t("webhooks.col.event")}</th>
                <th scope="col">{t("webhooks.col.status")}</th>
              </tr>
            </thead>
            <tbody>
              {d.deliveries.map((r) => (
                <tr key={r.id}>
                  <td>{r.created}</td>
                  <td>
                    {r.kind}
                    {r.url ? (
                      <>
                        <br />
                        <span className="meta break-anywhere">{r.url}</span>
                      </>
                    ) : null}
                  </td>
                  <td>
                    {r.status === "delivered"
                      ? t("webhooks.delivered", { date: r.delivered, code: String(r.code ?? "") })
                      : r.status === "dead"
                        ? t("webhooks.dead", { count: r.attempts, error: r.lastError ?? "" })
                        : r.attempts > 0
                          ? t("webhooks.retrying", { count: r.attempts, error: r.lastError ?? "" })
                          : t("webhooks.pending")}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
    </section>
  );
}
