import { data } from "@remix-run/node";
import { getT } from "#app/i18n/i18n.server.ts";
import { getEnv } from "#app/utils/env.server.ts";

/** Whether Open Badges credentials are issued (OPEN_BADGES=1; off by default, ADR 031). */
export function openBadgesOn(): boolean {
  return getEnv().OPEN_BADGES;
}

/**
 * Every Open Badges address answers 404, as for an address that does not exist, while the
 * feature is off. `resource`: a plain-text Response (files, JSON) instead of the 404 page.
 */
export async function requireOpenBadges(request: Request, opts: { resource?: boolean } = {}): Promise<void> {
  if (openBadgesOn()) return;
  const { t } = await getT(request);
  const text = t("errors.notFoundText");
  if (opts.resource) throw new Response(text, { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  throw data(text, { status: 404 });
}
