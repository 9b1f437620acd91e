import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
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
  useRouteLoaderData,
} from "@remix-run/react";
import type { ReactNode } from "react";
import { useNonce } from "#app/components/nonce.tsx";
import stylesHref from "./styles.css?url";
import chartsHref from "./components/charts.css?url";
import { getUser, homeFor } from "#app/utils/auth.server.ts";
import { getContent } from "#app/models/content.server.ts";
import { retryAfterHeaders } from "#app/utils/throttle.server.ts";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: stylesHref },
  { rel: "stylesheet", href: chartsHref },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export const meta: MetaFunction = () => [{ title: "Frontline Ready" }];

/** A 429 thrown by a loader is rendered by this boundary; its Retry-After goes out with it. */
export const headers = retryAfterHeaders;

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getUser(request);
  const hotline = getContent().hotlines.find((h) => h.id === "us-nhth");
  return {
    user: user ? { name: user.name, home: homeFor(user) } : null,
    hotline: hotline ? { call: hotline.call, text: hotline.text ?? null } : null,
  };
}

export function Layout({ children }: { children: ReactNode }) {
  const data = useRouteLoaderData<typeof loader>("root");
  const nonce = useNonce();
  return (
    <html lang="en">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        <a className="skip-link" href="#main">
          Skip to content
        </a>
        <header className="site-header">
          <div className="wrap header-row">
            <Link to="/" className="brand">
              Frontline Ready
            </Link>
            <nav aria-label="Account">
              {data?.user ? (
                <Form method="post" action="/logout" className="inline-form">
                  <Link to={data.user.home}>Home</Link> · <Link to="/account" className="who">{data.user.name}</Link>{" "}
                  <button type="submit" className="link-button">
                    Sign out
                  </button>
                </Form>
              ) : (
                <Link to="/login">Sign in</Link>
              )}
            </nav>
          </div>
        </header>
        <main id="main" className="wrap" tabIndex={-1}>
          {children}
        </main>
        <footer className="site-footer">
          <div className="wrap">
            <p>
              <strong>Someone in immediate danger? Call 911.</strong>{" "}
              {data?.hotline ? (
                <>
                  National Human Trafficking Hotline: call{" "}
                  <a href={`tel:${data.hotline.call}`}>{data.hotline.call}</a>
                  {data.hotline.text ? <> or text {data.hotline.text}</> : null}, 24/7.
                </>
              ) : null}
            </p>
            <p>
              <Link to="/verify">Verify a certificate</Link> · <Link to="/transparency">Training rates by state</Link>
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
  if (isRouteErrorResponse(error)) {
    return (
      <section className="card">
        <h1>{titleFor(error.status)}</h1>
        <p>{typeof error.data === "string" && error.data ? error.data : "Something is not right with this request."}</p>
        <p>
          <Link to="/">Go to the start page</Link>
        </p>
      </section>
    );
  }
  return (
    <section className="card">
      <h1>Something went wrong</h1>
      <p>We could not show this page. Please try again in a moment.</p>
    </section>
  );
}

function titleFor(status: number) {
  switch (status) {
    case 400:
      return "That request was not valid";
    case 401:
      return "Please sign in";
    case 403:
      return "Not available to you";
    case 404:
      return "Not found";
    case 409:
      return "Already done";
    default:
      return `Error ${status}`;
  }
}
