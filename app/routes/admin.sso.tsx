import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { ActionFeedback } from "#app/components/action-feedback.tsx";
import { Field } from "#app/components/field.tsx";
import { Rich, useT } from "#app/components/i18n.tsx";
import { TableWrap } from "#app/components/table-wrap.tsx";
import { isStaffOf, issuerAllowed } from "#app/domain/sso.ts";
import { getT } from "#app/i18n/i18n.server.ts";
import type { MessagesHandle } from "#app/i18n/page-messages.ts";
import { listEmployers } from "#app/models/employer.server.ts";
import { deleteSsoConnection, linkSubjectByAdmin, listSsoConnections, listSsoLinks, saveSsoConnection } from "#app/models/sso.server.ts";
import { requirePlatformAdmin } from "#app/server/auth.server.ts";
import { SSO_CALLBACK_PATH, ssoEnabled } from "#app/server/sso.server.ts";
import { now } from "#app/utils/clock.server.ts";
import { formValues, localizeErrors, parseWith, readForm } from "#app/utils/forms.server.ts";
import { publicOrigin } from "#app/utils/public-url.server.ts";
import { clientAddress } from "#app/utils/request.server.ts";

export const handle = { messages: ["admin"] } satisfies MessagesHandle;

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.pageTitle ?? "Frontline Ready" }];

/**
 * /admin/sso — the platform admin sets up each organisation's OpenID Connect provider, and
 * links staff accounts to provider identities by hand (ADR 034: why the platform admin, not
 * the employer admin). Off (404) unless SSO=1.
 */
async function guard(request: Request) {
  const me = await requirePlatformAdmin(request);
  const { t } = await getT(request, "admin");
  if (!ssoEnabled()) throw data(t("sso.errors.unknownAction"), { status: 404 });
  return { me, t };
}

export async function loader({ request }: LoaderFunctionArgs) {
  const { t } = await guard(request);
  return {
    pageTitle: t("sso.pageTitle"),
    callback: new URL(SSO_CALLBACK_PATH, publicOrigin()).href,
    employers: listEmployers().map((e) => ({ id: e.id, name: e.name })),
    connections: listSsoConnections().map(({ connection: c, employerName }) => ({
      id: c.id,
      organisation: employerName ?? c.jurisdiction ?? "",
      emailDomain: c.emailDomain,
      issuer: c.issuer,
      matchByEmail: c.matchByEmail,
      required: c.required,
      links: listSsoLinks(c.id).map((l) => `${l.username} = ${l.subject}`),
    })),
  };
}

const blank = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);
const Checkbox = z.literal("on").optional();

const Intent = z.discriminatedUnion(
  "intent",
  [
    z
      .object({
        intent: z.literal("save"),
        employerId: z.preprocess(blank, z.string().max(64).optional()),
        jurisdiction: z.preprocess(blank, z.string().trim().toUpperCase().regex(/^US-[A-Z]{2}$/, "admin:sso.errors.owner").optional()),
        issuer: z.string().trim().max(500).refine(issuerAllowed, "admin:sso.errors.issuer"),
        clientId: z.string().trim().min(1, "admin:sso.errors.clientId").max(200, "admin:sso.errors.clientId"),
        clientSecret: z.string().max(500, "admin:sso.errors.secret").optional().default(""),
        emailDomain: z
          .string()
          .trim()
          .toLowerCase()
          .max(253, "admin:sso.errors.domain")
          .regex(/^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, "admin:sso.errors.domain"),
        matchByEmail: Checkbox,
        required: Checkbox,
      })
      .refine((v) => (v.employerId === undefined) !== (v.jurisdiction === undefined), { message: "admin:sso.errors.owner", path: ["employerId"] }),
    z.object({ intent: z.literal("remove"), connectionId: z.string().min(1).max(64) }),
    z.object({
      intent: z.literal("link"),
      connectionId: z.string().min(1, "admin:sso.errors.noConnection").max(64),
      username: z.string().trim().min(1, "admin:sso.errors.notStaff").max(64, "admin:sso.errors.notStaff"),
      subject: z.string().trim().min(1, "admin:sso.errors.subject").max(255, "admin:sso.errors.subject"),
    }),
  ],
  { error: "admin:sso.errors.unknownAction" },
);

type ActionResult = { errors?: Record<string, string>; done?: string };

export async function action({ request, context }: ActionFunctionArgs) {
  const { me, t } = await guard(request);
  const parsed = parseWith(Intent, formValues(await readForm(request)));
  if (!parsed.ok) return data<ActionResult>({ errors: localizeErrors(parsed.errors, t) }, { status: 400 });
  const input = parsed.data;
  const who = { actor: me, clientAddress: clientAddress(context) };
  if (input.intent === "remove") {
    if (!deleteSsoConnection(input.connectionId, who, now())) return data<ActionResult>({ errors: { form: t("sso.errors.noConnection") } }, { status: 404 });
    return data<ActionResult>({ done: t("sso.removed") });
  }
  if (input.intent === "link") {
    const linked = linkSubjectByAdmin(input, who, now(), (user, connection) => isStaffOf(user, connection));
    if (!linked.ok) return data<ActionResult>({ errors: { [linked.error === "notStaff" ? "username" : "form"]: t(`sso.errors.${linked.error}`) } }, { status: linked.error === "notStaff" ? 400 : 404 });
    return data<ActionResult>({ done: t("sso.linked") });
  }
  const saved = saveSsoConnection(
    {
      owner: input.employerId !== undefined ? { employerId: input.employerId } : { jurisdiction: input.jurisdiction! },
      issuer: input.issuer,
      clientId: input.clientId,
      clientSecret: input.clientSecret,
      emailDomain: input.emailDomain,
      matchByEmail: input.matchByEmail === "on",
      required: input.required === "on",
    },
    who,
    now(),
  );
  if (!saved.ok) {
    const field = saved.error === "domainTaken" ? "emailDomain" : saved.error === "secretMissing" ? "clientSecret" : "employerId";
    const key = saved.error === "secretMissing" ? "secret" : saved.error;
    return data<ActionResult>({ errors: { [field]: t(`sso.errors.${key}`) } }, { status: saved.error === "domainTaken" ? 409 : 400 });
  }
  return data<ActionResult>({ done: t("sso.saved") });
}

export default function AdminSso() {
  const d = useLoaderData<typeof loader>();
  const a = useActionData<typeof action>() as ActionResult | undefined;
  const t = useT("admin");
  return (
    <>
      <section className="card">
        <p>
          <Link to="/admin">{t("home.title")}</Link>
        </p>
        <h1>{t("sso.title")}</h1>
        <p>
          <Rich text={t("sso.intro", { callback: d.callback })} tags={{ code: (s) => <code className="break-anywhere">{s}</code> }} />
        </p>
        <ActionFeedback errors={a?.errors} done={a?.done} />
        {d.connections.length === 0 ? (
          <p>{t("sso.none")}</p>
        ) : (
          <TableWrap label={t("sso.tableLabel")}>
            <table>
              <thead>
                <tr>
                  <th scope="col">{t("sso.organisation")}</th>
                  <th scope="col">{t("sso.domain")}</th>
                  <th scope="col">{t("sso.issuer")}</th>
                  <th scope="col">{t("sso.rules")}</th>
                  <th scope="col">{t("sso.links")}</th>
                  <th scope="col">
                    <span className="visually-hidden">{t("sso.remove")}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {d.connections.map((c) => (
                  <tr key={c.id}>
                    <th scope="row">{c.organisation}</th>
                    <td>{c.emailDomain}</td>
                    <td className="break-anywhere">{c.issuer}</td>
                    <td>
                      {[c.matchByEmail ? t("sso.matchByEmail") : null, c.required ? t("sso.required") : null].filter(Boolean).join("; ")}
                    </td>
                    <td>
                      {c.links.map((l) => (
                        <div key={l} className="break-anywhere">
                          {l}
                        </div>
                      ))}
                    </td>
                    <td>
                      <Form method="post" className="inline-form">
                        <input type="hidden" name="connectionId" value={c.id} />
                        <button type="submit" name="intent" value="remove" className="link-button">
                          {t("sso.remove")}
                        </button>
                      </Form>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        )}
      </section>
      <section className="card">
        <h2>{t("sso.formTitle")}</h2>
        <p>{t("sso.formIntro")}</p>
        <Form method="post" noValidate>
          <input type="hidden" name="intent" value="save" />
          <div className="field">
            <label htmlFor="f-employerId">{t("sso.employerLabel")}</label>
            <select id="f-employerId" name="employerId" aria-describedby="f-employerId-error">
              <option value="">{t("sso.choose")}</option>
              {d.employers.map((e) => (
                <option key={e.id} value={e.id}>
                  {e.name}
                </option>
              ))}
            </select>
            <p id="f-employerId-error" className="error-text">
              {a?.errors?.employerId ?? ""}
            </p>
          </div>
          <Field name="jurisdiction" label={t("sso.councilLabel")} type="text" autoCapitalize="characters" error={a?.errors?.jurisdiction} />
          <Field name="issuer" label={t("sso.issuerLabel")} type="text" inputMode="url" autoCapitalize="none" required spellCheck={false} error={a?.errors?.issuer} />
          <Field name="clientId" label={t("sso.clientIdLabel")} type="text" required spellCheck={false} error={a?.errors?.clientId} />
          <Field name="clientSecret" label={t("sso.clientSecretLabel")} hint={t("sso.clientSecretHint")} type="password" autoComplete="off" error={a?.errors?.clientSecret} />
          <Field name="emailDomain" label={t("sso.domainLabel")} type="text" required autoCapitalize="none" spellCheck={false} error={a?.errors?.emailDomain} />
          <div className="field">
            <label>
              <input type="checkbox" name="matchByEmail" /> {t("sso.matchByEmailLabel")}
            </label>
          </div>
          <div className="field">
            <label>
              <input type="checkbox" name="required" /> {t("sso.requiredLabel")}
            </label>
          </div>
          <button type="submit" className="primary">
            {t("sso.save")}
          </button>
        </Form>
      </section>
      {d.connections.length > 0 ? (
        <section className="card">
          <h2>{t("sso.linkTitle")}</h2>
          <Form method="post" noValidate>
            <input type="hidden" name="intent" value="link" />
            <div className="field">
              <label htmlFor="f-connectionId">{t("sso.connectionLabel")}</label>
              <select id="f-connectionId" name="connectionId">
                {d.connections.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.organisation}
                  </option>
                ))}
              </select>
            </div>
            <Field name="username" label={t("sso.usernameLabel")} type="text" required autoCapitalize="none" spellCheck={false} error={a?.errors?.username} />
            <Field name="subject" label={t("sso.subjectLabel")} type="text" required spellCheck={false} error={a?.errors?.subject} />
            <button type="submit" className="button secondary">
              {t("sso.link")}
            </button>
          </Form>
        </section>
      ) : null}
    </>
  );
}
