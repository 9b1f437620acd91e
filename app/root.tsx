import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import type { ShouldRevalidateFunction } from "@remix-run/react";
import { messagesNeedReload, type ManifestRoute, type MessagesHandle } from "#app/i18n/page-messages.ts";
import { messageSelectorsForPath } from "#app/i18n/page-messages.server.ts";
import { markHydrated, messagesFor } from "#app/i18n/messages-asset.ts";
import {
  Form,
  Link,
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  isRouteErrorResponse,
  useLoaderData,
  useRouteError,
  useLocation,
  useRouteLoaderData,
} from "@remix-run/react";
import { useEffect, type ReactNode } from "react";
import { useNonce } from "#app/components/nonce.tsx";
import stylesHref from "./styles.css?url";
import { homeFor } from "#app/server/auth.server.ts";
import { getUser } from "#app/server/session.server.ts";
import { getContent } from "#app/server/content.server.ts";
import { retryAfterHeaders } from "#app/utils/throttle.server.ts";
import { clientMessagesAsset, getLang } from "#app/i18n/i18n.server.ts";
import { I18nProvider, Rich, useT } from "#app/components/i18n.tsx";
import { LanguageSwitch } from "#app/components/language-switch.tsx";
import { SharedDeviceBar } from "#app/components/shared-device.tsx";
import { getSharedDevice, SHARED_DEVICE_IDLE_MS, SHARED_DEVICE_WARN_BEFORE_MS } from "#app/server/shared-device.server.ts";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: stylesHref },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export const meta: MetaFunction = () => [{ title: "Frontline Ready" }];

/** Every page gets the common messages (the header, the footer, errors); its routes add theirs. */
export const handle = { messages: ["common"] } satisfies MessagesHandle;

/** What the root last loaded: the messages it sent, and what each route declares. */
let loaded: { selectors: readonly string[]; declared: Record<string, readonly string[]> } | undefined;

/**
 * Loaded again when a navigation reaches a page whose routes declare other messages than
 * those the root sent (not from one module to the next). The browser's route manifest says
 * which routes the next URL matches.
 */
export const shouldRevalidate: ShouldRevalidateFunction = ({ nextUrl, defaultShouldRevalidate }) => {
  const manifest = typeof window === "undefined" ? undefined : (window as { __remixManifest?: { routes: Record<string, ManifestRoute> } }).__remixManifest;
  return defaultShouldRevalidate || !loaded || !manifest || messagesNeedReload(manifest.routes, loaded.declared, loaded.selectors, nextUrl.pathname);
};

/** Every page's language: `lang` for <html> and the messages its routes declare. */

/** A 429 thrown by a loader is rendered by this boundary; its Retry-After goes out with it. */
export const headers = retryAfterHeaders;

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getUser(request);
  const lang = await getLang(request);
  const shared = await getSharedDevice(request);
  const hotline = getContent().hotlines.find((h) => h.id === "us-nhth");
  const selectors = messageSelectorsForPath(new URL(request.url).pathname);
  return {
    lang,
    // The page's messages are a build asset the browser keeps (app/i18n/messages-asset.ts);
    // the tablet bar's words go only to a shared device.
    messagesHref: clientMessagesAsset(lang, selectors, shared ? "shared" : "page").href,
    selectors,
    user: user ? { name: user.name, home: homeFor(user) } : null,
    hotline: hotline ? { call: hotline.call, text: hotline.text ?? null } : null,
    // A break-room tablet in shared-device mode (ADR 028).
    sharedDevice: shared ? { site: shared.siteName, employer: shared.employerName, idleMs: SHARED_DEVICE_IDLE_MS, warnBeforeMs: SHARED_DEVICE_WARN_BEFORE_MS } : null,
  };
}

export function Layout({ children }: { children: ReactNode }) {
  const data = useRouteLoaderData<typeof loader>("root");
  const location = useLocation();
  const messages = messagesFor(data?.messagesHref, `${location.pathname}${location.search}${location.hash}`);
  if (data && messages) loaded = { selectors: data.selectors, declared: messages.declared };
  useEffect(markHydrated, []);
  return (
    <I18nProvider lang={data?.lang ?? "en"} messages={messages?.messages ?? {}} fallback={messages?.fallback}>
      <Page data={data}>{children}</Page>
    </I18nProvider>
  );
}

/** Pages of tables and charts (employer, council, admin) use the width of a wide screen. */
const WIDE_PAGES = /^\/(employer|council|admin)(\/|$)/;

function Page({ data, children }: { data: ReturnType<typeof useRouteLoaderData<typeof loader>>; children: ReactNode }) {
  const nonce = useNonce();
  const t = useT();
  const wrap = WIDE_PAGES.test(useLocation().pathname) ? "wrap wide" : "wrap";
  return (
    <html lang={data?.lang ?? "en"}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
        {/* The page's messages, for the browser (app/i18n/messages-asset.ts): fetched early, hydration waits for them. */}
        {data ? <link rel="modulepreload" href={data.messagesHref} data-messages="" /> : null}
      </head>
      <body>
        <a className="skip-link" href="#main">
          {t("layout.skip")}
        </a>
        <header className="site-header">
          <div className={`${wrap} header-row`}>
            <Link to="/" className="brand">
              Frontline Ready
            </Link>
            <LanguageSwitch />
            <nav aria-label={t("layout.accountNav")} className="header-nav">
              {data?.user ? (
                <>
                  <Link to={data.user.home}>{t("layout.home")}</Link>
                  <Link to="/account" className="who">
                    {data.user.name}
                  </Link>
                  <Form method="post" action="/logout" className="inline-form sign-out">
                    <button type="submit" className="link-button">
                      {t("layout.signOut")}
                    </button>
                  </Form>
                </>
              ) : (
                <Link to="/login">{t("layout.signIn")}</Link>
              )}
            </nav>
          </div>
        </header>
        <SharedDeviceBar signedIn={Boolean(data?.user)} />
        <main id="main" className={wrap} tabIndex={-1}>
          {children}
        </main>
        <footer className="site-footer">
          <div className={wrap}>
            <p>
              <strong>{t("layout.emergency")}</strong>{" "}
              {data?.hotline ? (
                <Rich
                  text={t(data.hotline.text ? "layout.hotlineCallOrText" : "layout.hotlineCall", { call: data.hotline.call, text: data.hotline.text })}
                  tags={{ tel: (s) => <a href={`tel:${data.hotline!.call}`} className="nowrap">{s}</a> }}
                />
              ) : null}
            </p>
            <p>
              <Link to="/verify">{t("layout.verify")}</Link> · <Link to="/transparency">{t("layout.transparency")}</Link>
            </p>
          </div>
        </footer>
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  useLoaderData<typeof loader>();
  return <Outlet />;
}

export function ErrorBoundary() {
  const error = useRouteError();
  const t = useT();
  if (isRouteErrorResponse(error)) {
    return (
      <section className="card">
        <h1>{titleFor(error.status, t)}</h1>
        <p>{typeof error.data === "string" && error.data ? error.data : t("errors.badRequestText")}</p>
        <p>
          <Link to="/">{t("errors.startPage")}</Link>
        </p>
      </section>
    );
  }
  return (
    <section className="card">
      <h1>{t("errors.crashTitle")}</h1>
      <p>{t("errors.crashText")}</p>
    </section>
  );
}

function titleFor(status: number, t: (key: string, o?: Record<string, number>) => string) {
  return [400, 401, 403, 404, 409].includes(status) ? t(`errors.title${status}`) : t("errors.titleOther", { status });
}
