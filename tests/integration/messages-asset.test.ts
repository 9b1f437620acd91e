/**
 * The pages' messages assets (app/i18n/messages-asset.ts): made for every set of selectors a
 * page can have, in every language, and made again from their name alone by a process that has
 * not served the page (several server processes, ADR 038) — but for no other name.
 */
import { describe, expect, it, vi } from "vitest";
import { LANGUAGES } from "#app/i18n/translate.ts";

async function freshModules() {
  vi.resetModules();
  const i18n = await import("#app/i18n/i18n.server.ts");
  const pages = await import("#app/i18n/page-messages.server.ts");
  return { ...i18n, ...pages };
}

describe("a messages asset", () => {
  it("is served for every page's selectors, language and variant, by a process that never named it", async () => {
    const first = await freshModules();
    const names: [string, string][] = [];
    const sets = [...first.possibleSelectorSets()];
    // The root's alone (an address no route matches), the worker's pages, the employer's…
    expect(sets).toContain("common");
    expect(sets).toContain("common,worker.module,worker.readAloud");
    expect(sets.length).toBeGreaterThan(10);
    for (const lang of LANGUAGES)
      for (const variant of ["page", "shared"] as const)
        for (const set of sets) {
          const { href, source } = first.clientMessagesAsset(lang, set.split(","), variant);
          names.push([href.replace(/^\/assets\//, ""), source]);
        }
    const other = await freshModules();
    for (const [name, source] of names) expect(other.messagesAssetSource(name), name).toBe(source);
  });

  it("is not made for a name no page of this build has", async () => {
    const { clientMessagesAsset, messagesAssetSource } = await freshModules();
    const name = clientMessagesAsset("en", ["common", "worker.module", "worker.readAloud"], "page").href.replace(/^\/assets\//, "");
    const fresh = await freshModules();
    expect(fresh.messagesAssetSource(name)).toBeDefined();
    for (const wrong of [
      name.replace(/-[0-9a-f]{12}\.js$/, "-0123456789ab.js"), // another content
      name.replace("-page-", "-shared-"), // the same hash for another variant
      name.replace("common_worker.module_worker.readAloud", "common_worker.readAloud_worker.module"), // not in order
      name.replace("common_worker.module_worker.readAloud", "admin_common_council_employer"), // no page has these
      name.replace("messages-en-", "messages-fr-"),
      "messages-asset-C7QivWGZ.js", // a chunk of the build, on disk
      `${name}?x`,
    ])
      expect(messagesAssetSource(wrong), wrong).toBeUndefined();
  });
});
