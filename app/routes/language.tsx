import type { ActionFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { z } from "zod";
import { getT, langCookie } from "#app/i18n/i18n.server.ts";
import { LANGUAGES } from "#app/i18n/translate.ts";
import { setUserLanguage } from "#app/models/user.server.ts";
import { localPath, safeRedirect } from "#app/server/auth.server.ts";
import { getUser } from "#app/server/session.server.ts";
import { formValues, parseWith, readForm } from "#app/utils/forms.server.ts";

/** Only a path on this site: "/learn?x=1", never "//evil.example", "/\t/evil.example" or "https://…". */
const LocalPath = z.string().refine((v) => localPath(v) !== null);

const LanguageSchema = z.object({
  lang: z.enum(LANGUAGES),
  redirectTo: LocalPath.optional().default("/"),
});

export async function loader() {
  return redirect("/");
}

/**
 * The language switch on every page posts here (a form, so it works without JavaScript):
 * the choice is kept in a cookie and, for a signed-in user, on their account.
 */
export async function action({ request }: ActionFunctionArgs) {
  const parsed = parseWith(LanguageSchema, formValues(await readForm(request)));
  if (!parsed.ok) {
    const { t } = await getT(request);
    throw data(t("language.invalid"), { status: 400 });
  }
  const user = await getUser(request);
  if (user) setUserLanguage(user.id, parsed.data.lang);
  return redirect(safeRedirect(parsed.data.redirectTo, "/"), {
    status: 303,
    headers: { "Set-Cookie": await langCookie(request).serialize(parsed.data.lang) },
  });
}
