/**
 * Any address no other route matches: a 404 page in the reader's language. Without this
 * route Remix answers an unknown URL without running the root loader, so the error page had
 * no messages and showed their keys.
 */
import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { getT } from "#app/i18n/i18n.server.ts";
import type { MessagesHandle } from "#app/i18n/page-messages.ts";

export const handle = { messages: ["common"] } satisfies MessagesHandle;

async function notFound(request: Request): Promise<never> {
  const { t } = await getT(request);
  throw data(t("errors.notFoundText"), { status: 404 });
}

export const loader = ({ request }: LoaderFunctionArgs) => notFound(request);
export const action = ({ request }: ActionFunctionArgs) => notFound(request);

export default function NotFound() {
  return null;
}
