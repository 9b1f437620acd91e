import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { ActionFeedback } from "#app/components/action-feedback.tsx";
import { useT } from "#app/components/i18n.tsx";
import { TableWrap } from "#app/components/table-wrap.tsx";
import { plainName } from "#app/domain/names.ts";
import { formatDateTime, timeZoneOf } from "#app/i18n/format.ts";
import { getT } from "#app/i18n/i18n.server.ts";
import type { MessagesHandle } from "#app/i18n/page-messages.ts";
import { API_SCOPES, createApiToken, employerApiEnabled, listApiTokens, MAX_ACTIVE_TOKENS, revokeApiToken } from "#app/models/api-token.server.ts";
import { requireEmployerAdmin } from "#app/server/auth.server.ts";
import { now } from "#app/utils/clock.server.ts";
import { formValues, localizeErrors, parseWith, readForm } from "#app/utils/forms.server.ts";
import { publicOrigin } from "#app/utils/public-url.server.ts";
import { clientAddress } from "#app/utils/request.server.ts";

export const handle = { messages: ["employer", "public"] } satisfies MessagesHandle;

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.pageTitle ?? "Frontline Ready" }];

/** Off (EMPLOYER_API unset): the page is not there, for anyone. */
function requireApiOn() {
  if (!employerApiEnabled()) throw new Response("Not found", { status: 404 });
}

export async function loader({ request }: LoaderFunctionArgs) {
  requireApiOn();
  const { employer } = await requireEmployerAdmin(request);
  const { t, lang } = await getT(request, "employer");
  const zone = timeZoneOf(employer.jurisdiction);
  const when = (ms: number | null) => (ms === null ? null : formatDateTime(ms, lang, zone));
  const tokens = listApiTokens(employer.id).map((k) => ({
    id: k.id,
    name: k.name,
    hint: k.hint,
    scope: k.scope,
    createdBy: k.createdByName ?? "",
    createdAt: when(k.createdAt)!,
    lastUsedAt: when(k.lastUsedAt),
    revokedAt: when(k.revokedAt),
  }));
  return { pageTitle: t("api.metaTitle"), tokens, origin: publicOrigin() };
}

const Intent = z.enum(["create", "revoke"]);
const CreateSchema = z.object({
  name: z.string().trim().min(1, "employer:api.errors.nameMissing").max(60, "employer:api.errors.nameLong").check(plainName("employer:api.errors.nameChars")),
  scope: z.enum(API_SCOPES, "employer:api.errors.scope"),
});
const RevokeSchema = z.object({ tokenId: z.string().min(1).max(64) });

type Result = { errors?: Record<string, string>; done?: string; created?: { name: string; token: string; scope: string } };

export async function action({ request, context }: ActionFunctionArgs) {
  requireApiOn();
  const { admin } = await requireEmployerAdmin(request);
  const { t } = await getT(request, "employer");
  const values = formValues(await readForm(request));
  const intent = Intent.safeParse(values.intent);
  if (!intent.success) return data<Result>({ errors: { form: t("errors.unknownAction") } }, { status: 400 });
  if (intent.data === "create") {
    const parsed = parseWith(CreateSchema, values);
    if (!parsed.ok) return data<Result>({ errors: localizeErrors(parsed.errors, t) }, { status: 400 });
    const made = createApiToken({ admin, name: parsed.data.name, scope: parsed.data.scope, clientAddress: clientAddress(context) }, now());
    if (!made.ok) return data<Result>({ errors: { form: t("api.errors.tooMany", { count: MAX_ACTIVE_TOKENS, max: MAX_ACTIVE_TOKENS }) } }, { status: 409 });
    return { created: { name: made.row.name, token: made.token, scope: made.row.scope } } satisfies Result;
  }
  const parsed = parseWith(RevokeSchema, values);
  if (!parsed.ok) return data<Result>({ errors: { form: t("api.errors.noToken") } }, { status: 400 });
  const revoked = revokeApiToken({ admin, tokenId: parsed.data.tokenId, clientAddress: clientAddress(context) }, now());
  if (!revoked) return data<Result>({ errors: { form: t("api.errors.noToken") } }, { status: 404 });
  return { done: t("api.revoked") } satisfies Result;
}

export default function EmployerApi() {
  const d = useLoaderData<typeof loader>();
  const a = useActionData<typeof action>() as Result | undefined;
  const t = useT("employer");
  const scopeLabel = (s: string) => (s === "read-write" ? t("api.scope.readWrite") : t("api.scope.read"));
  return (
    <section className="card">
      <p>
        <Link to="/employer">{t("nav.dashboard")}</Link>
      </p>
      <h1>{t("api.title")}</h1>
      <p>{t("api.intro")}</p>
      <p>
        <a href="/api/openapi.json">{t("api.docLink")}</a>
      </p>
      <ActionFeedback errors={a?.errors} done={a?.done} />
      {a?.created ? (
        <div className="notice ok" role="status">
          <p>
            <strong>{t("api.createdTitle", { name: a.created.name })}</strong>
          </p>
          <p>{t("api.createdOnce")}</p>
          <label htmlFor="f-new-token">{t("api.tokenLabel")}</label>
          <input id="f-new-token" className="break-anywhere" type="text" readOnly value={a.created.token} autoComplete="off" spellCheck={false} />
          <p>{t("api.curlTitle")}</p>
          <pre className="mail break-anywhere">{`curl -H "Authorization: Bearer ${a.created.token}" \\\n  ${d.origin}/api/v1/roster`}</pre>
        </div>
      ) : null}
      <h2>{t("api.newTitle")}</h2>
      <Form method="post">
        <input type="hidden" name="intent" value="create" />
        <div className="field">
          <label htmlFor="f-token-name">{t("api.nameLabel")}</label>
          <input id="f-token-name" name="name" type="text" maxLength={60} required autoComplete="off" aria-describedby="f-token-name-error" />
          <p className="error-text" id="f-token-name-error" role={a?.errors?.name ? "alert" : undefined}>
            {a?.errors?.name ?? ""}
          </p>
        </div>
        <fieldset className="field">
          <legend>{t("api.scopeLabel")}</legend>
          <label>
            <input type="radio" name="scope" value="read" defaultChecked /> {t("api.scope.read")}
          </label>
          <label>
            <input type="radio" name="scope" value="read-write" /> {t("api.scope.readWrite")}
          </label>
        </fieldset>
        <button type="submit" className="primary">
          {t("api.create")}
        </button>
      </Form>
      <h2>{t("api.listTitle")}</h2>
      {d.tokens.length === 0 ? (
        <p>{t("api.none")}</p>
      ) : (
        <TableWrap label={t("api.listTitle")}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t("api.col.name")}</th>
                <th scope="col">{t("api.col.scope")}</th>
                <th scope="col">{t("api.col.created")}</th>
                <th scope="col">{t("api.col.lastUsed")}</th>
                <th scope="col">{t("api.col.state")}</th>
              </tr>
            </thead>
            <tbody>
              {d.tokens.map((k) => (
                <tr key={k.id}>
                  <th scope="row">
                    {k.name}
                    <br />
                    <span className="meta">
                      <code>{k.hint}…</code>
                    </span>
                  </th>
                  <td>{scopeLabel(k.scope)}</td>
                  <td>{t("api.createdBy", { when: k.createdAt, name: k.createdBy })}</td>
                  <td>{k.lastUsedAt ?? t("api.never")}</td>
                  <td>
                    {k.revokedAt ? (
                      t("api.revokedOn", { when: k.revokedAt })
                    ) : (
                      <Form method="post" className="inline-form">
                        <input type="hidden" name="intent" value="revoke" />
                        <input type="hidden" name="tokenId" value={k.id} />
                        <button type="submit" className="button secondary" aria-label={t("api.revokeNamed", { name: k.name })}>
                          {t("api.revoke")}
                        </button>
                      </Form>
                    )}
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
