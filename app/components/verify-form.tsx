import { Form } from "@remix-run/react";
import { useT } from "./i18n.tsx";

/**
 * The certificate code form (GET /verify?code=…, so it works without JavaScript): on the check
 * page, and again where a code was not found or is not a code, filled in with what was typed.
 */
export function VerifyForm({ code, error }: { code: string; error: string | null }) {
  const t = useT("public");
  return (
    <Form method="get" action="/verify">
      <div className="field">
        <label htmlFor="f-code">{t("verify.codeLabel")}</label>
        <input
          id="f-code"
          name="code"
          type="text"
          defaultValue={code}
          autoCapitalize="characters"
          autoComplete="off"
          spellCheck={false}
          aria-invalid={error ? true : undefined}
          aria-describedby="f-code-error"
        />
        <p className="error-text" id="f-code-error" role={error ? "alert" : undefined}>
          {error ?? ""}
        </p>
      </div>
      <button type="submit" className="primary">
        {t("verify.submit")}
      </button>
    </Form>
  );
}
