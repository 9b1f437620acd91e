/**
 * POSTs a body to an address someone else chose (a webhook endpoint, an LRS), with a time
 * limit on the whole request and, unless `allowPrivate`, no connection to a loopback, private or
 * link-local address: the name is resolved once and the connection goes to the address that
 * was checked (no second lookup a DNS rebinding could answer differently). Redirects are not
 * followed. The response body is read up to 4 KB (for the delivery history), then dropped.
 */
import dns from "node:dns";
import http from "node:http";
import https from "node:https";
import type { LookupFunction } from "node:net";
import { isPrivateIpLiteral } from "#app/domain/webhooks.ts";

export interface PostResult {
  status: number;
  /** The start of the response body. */
  body: string;
}

export class RefusedAddressError extends Error {}

const guardedLookup: LookupFunction = (hostname, options, callback) => {
  dns.lookup(hostname, { ...options, all: true }, (err, addresses) => {
    if (err) return (callback as (e: Error) => void)(err);
    const list = addresses as dns.LookupAddress[];
    const refused = list.find((a) => isPrivateIpLiteral(a.address));
    if (refused || list.length === 0) return (callback as (e: Error) => void)(new RefusedAddressError(`refused: ${hostname} resolves to a private address`));
    if ((options as { all?: boolean }).all) return (callback as (e: null, a: dns.LookupAddress[]) => void)(null, list);
    (callback as (e: null, a: string, f: number) => void)(null, list[0]!.address, list[0]!.family);
  });
};

export function safePost(
  rawUrl: string,
  body: string,
  headers: Record<string, string>,
  opts: { timeoutMs: number; allowPrivate: boolean },
): Promise<PostResult> {
  return new Promise((resolve, reject) => {
    const url = new URL(rawUrl);
    if (!opts.allowPrivate && isPrivateIpLiteral(url.hostname)) return reject(new RefusedAddressError(`refused: ${url.hostname} is a private address`));
    const client = url.protocol === "https:" ? https : http;
    const req = client.request(
      url,
      {
        method: "POST",
        headers: { "Content-Type": "application/json", "Content-Length": String(Buffer.byteLength(body)), "User-Agent": "FrontlineReady-Webhooks/1", ...headers },
        lookup: opts.allowPrivate ? undefined : guardedLookup,
        signal: AbortSignal.timeout(opts.timeoutMs),
      },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => {
          if (text.length < 4096) text += chunk.slice(0, 4096 - text.length);
        });
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body: text }));
        res.on("error", reject);
      },
    );
    req.on("error", (e) => reject(e.name === "AbortError" || e.name === "TimeoutError" ? new Error(`timed out after ${opts.timeoutMs} ms`) : e));
    req.end(body);
  });
}
