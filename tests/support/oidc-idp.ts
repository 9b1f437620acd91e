/**
 * A real OpenID provider for the single sign-on tests (oidc-provider, on a local port), and a
 * browser-like walk through its login: cookies kept per origin, its development login and
 * consent forms submitted over HTTP, redirects followed until it sends the browser back to the
 * site's callback.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import Provider from "oidc-provider";

export interface IdpAccount {
  email?: string;
  email_verified?: boolean;
}

export interface TestIdp {
  issuer: string;
  stop(): Promise<void>;
}

/**
 * `accounts`: login name (which becomes the subject) → claims. `clients`: client id → secret;
 * every client's redirect address is `redirectUri`.
 */
export async function startIdp(opts: { accounts: Record<string, IdpAccount>; clients: Record<string, string>; redirectUri: string }): Promise<TestIdp> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const provider = new Provider(issuer, {
    clients: Object.entries(opts.clients).map(([client_id, client_secret]) => ({
      client_id,
      client_secret,
      redirect_uris: [opts.redirectUri],
      grant_types: ["authorization_code"],
      response_types: ["code"],
      token_endpoint_auth_method: "client_secret_basic",
    })),
    claims: { openid: ["sub"], email: ["email", "email_verified"] },
    cookies: { keys: ["test-idp-cookie-key-0123456789abcdef"] },
    pkce: { required: () => true },
    findAccount: async (_ctx, id) => {
      const account = opts.accounts[id];
      if (!account) return undefined;
      return { accountId: id, claims: async () => ({ sub: id, ...account }) };
    },
  });
  // Quiet: the provider warns about its development-only login forms, which these tests drive.
  provider.on("server_error", (_ctx, err) => console.error("[idp]", err));
  server.on("request", provider.callback());
  return {
    issuer,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A minimal cookie jar for the provider's origin. */
class Jar {
  private cookies = new Map<string, string>();
  take(res: Response) {
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(";");
      const eq = pair!.indexOf("=");
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      const expired = attrs.some((a) => /^\s*max-age=0\s*$/i.test(a) || /^\s*expires=Thu, 01 Jan 1970/i.test(a));
      if (expired || value === "") this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
  header() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }
}

/**
 * Walks the provider from the authorization URL: signs in as `login` (or, with `abort`, cancels
 * at the login form) and consents; returns the address the provider sends the browser back to.
 */
export async function walkIdp(authorizationUrl: string, login: string, opts: { abort?: boolean } = {}): Promise<URL> {
  const jar = new Jar();
  let url = authorizationUrl;
  let method = "GET";
  let body: string | undefined;
  const issuerOrigin = new URL(authorizationUrl).origin;
  for (let step = 0; step < 20; step++) {
    const res = await fetch(url, {
      method,
      redirect: "manual",
      headers: { Cookie: jar.header(), ...(body ? { "Content-Type": "application/x-www-form-urlencoded" } : {}) },
      body,
    });
    jar.take(res);
    method = "GET";
    body = undefined;
    const location = res.headers.get("location");
    if (location) {
      const next = new URL(location, url);
      if (next.origin !== issuerOrigin) return next;
      url = next.href;
      continue;
    }
    const html = await res.text();
    if (res.status !== 200) throw new Error(`provider answered ${res.status} at ${url}: ${html.slice(0, 300)}`);
    const prompt = html.match(/name="prompt" value="(\w+)"/)?.[1];
    const action = html.match(/<form[^>]*action="([^"]+)"/)?.[1];
    if (!prompt || !action) throw new Error(`no interaction form at ${url}: ${html.slice(0, 300)}`);
    if (prompt === "login" && opts.abort) {
      const abort = html.match(/href="([^"]*\/abort)"/)?.[1];
      if (!abort) throw new Error("no abort link on the provider's login page");
      url = new URL(abort.replace(/&amp;/g, "&"), url).href;
      continue;
    }
    url = new URL(action.replace(/&amp;/g, "&"), url).href;
    method = "POST";
    body = new URLSearchParams(prompt === "login" ? { prompt, login, password: "any" } : { prompt }).toString();
  }
  throw new Error("the provider never sent the browser back");
}
