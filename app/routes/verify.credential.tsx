import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData } from "@remix-run/react";
import { z } from "zod";
import { Day, useT } from "#app/components/i18n.tsx";
import { getT } from "#app/i18n/i18n.server.ts";
import type { MessagesHandle } from "#app/i18n/page-messages.ts";
import { checkPresentedCredential } from "#app/models/open-badges.server.ts";
import { requireOpenBadges } from "#app/server/open-badges.server.ts";
import { now } from "#app/utils/clock.server.ts";
import { readForm } from "#app/utils/forms.server.ts";

export const handle = { messages: ["public", "badges"] } satisfies MessagesHandle;

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data?.pageTitle ?? "Frontline Ready" },
  { name: "robots", content: "noindex" },
];

/** A badge file we hand out is about 11 KB (ten laws cover a front-desk job); anything past this is not one of ours. */
export const MAX_CREDENTIAL_BYTES = 64 * 1024;

/** GET /verify/credential: paste or upload an Open Badges credential (ADR 031). 404 while OPEN_BADGES is off. */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireOpenBadges(request);
  const { t } = await getT(request, "badges");
  return { pageTitle: t("pageTitle") };
}

const Presented = z.object({
  credential: z.string().max(MAX_CREDENTIAL_BYTES).optional(),
  file: z.instanceof(File).refine((f) => f.size <= MAX_CREDENTIAL_BYTES).optional(),
});

/**
 * POST (a form, multipart or urlencoded, works without JavaScript): says valid / expired /
 * revoked / changed / not ours, or 400 for what is not a credential, 413 past 64 KB.
 */
export async function action({ request }: ActionFunctionArgs) {
  await requireOpenBadges(request);
  const { t } = await getT(request, "badges");
  const fail = (error: string, status: number) => data({ error, check: null }, { status });
  const form = await readForm(request);
  const file = form.get("file");
  const parsed = Presented.safeParse({
    credential: typeof form.get("credential") === "string" ? form.get("credential") : undefined,
    file: file instanceof File && file.size > 0 ? file : undefined,
  });
  if (!parsed.success) return fail(t("tooLarge"), 413);
  const text = parsed.data.credential?.trim() ? parsed.data.credential : parsed.data.file ? await parsed.data.file.text() : "";
  if (!text.trim()) return fail(t("empty"), 400);
  const check = await checkPresentedCredential(text, now());
  if (check.result === "malformed") return fail(t("result.malformed"), 400);
  return { error: null, check };
}

export default function VerifyCredential() {
  const a = useActionData<typeof action>();
  const t = useT("badges");
  const pt = useT("public");
  const check = a?.check ?? null;
  const error = a?.error ?? null;
  return (
    <section className="card">
      <h1>{t("verifyTitle")}</h1>
      {check ? (
        <div role="status">
          <h2>{t("resultTitle")}</h2>
          <p className={`notice ${check.result === "valid" ? "ok" : "warn"}`} data-result={check.result}>
            {"holderName" in check ? <span className={`badge ${check.result}`}>{pt(`certificateStatus.${check.result}`)}</span> : null}{" "}
            {t(`result.${check.result}`)}
          </p>
          {"holderName" in check ? (
            <dl className="facts">
              <dt>{pt("facts.holder")}</dt>
              <dd>{check.holderName}</dd>
              <dt>{pt("facts.course")}</dt>
              <dd>{pt("facts.courseVersion", { title: check.courseTitle, version: check.courseVersion })}</dd>
              <dt>{t("validFrom")}</dt>
              <dd>
                <Day iso={check.validFrom.slice(0, 10)} />
              </dd>
              <dt>{t("validUntil")}</dt>
              <dd>
                <Day iso={check.validUntil.slice(0, 10)} />
              </dd>
            </dl>
          ) : null}
          <p>
            <Link to="/verify/credential">{t("again")}</Link>
          </p>
        </div>
      ) : (
        <p>{t("verifyIntro")}</p>
      )}
      <Form method="post" encType="multipart/form-data">
        <div className="field">
          <label htmlFor="f-credential">{t("pasteLabel")}</label>
          <textarea
            id="f-credential"
            name="credential"
            rows={6}
            spellCheck={false}
            autoComplete="off"
            aria-invalid={error ? true : undefined}
            aria-describedby="f-credential-error"
          />
        </div>
        <div className="field">
          <label htmlFor="f-file">{t("fileLabel")}</label>
          <input id="f-file" name="file" type="file" accept=".json,.jwt,application/json,application/vc+jwt" />
          <p className="error-text" id="f-credential-error" role={error ? "alert" : undefined}>
            {error ?? ""}
          </p>
        </div>
        <button type="submit" className="primary">
          {t("submit")}
        </button>
      </Form>
    </section>
  );
}
