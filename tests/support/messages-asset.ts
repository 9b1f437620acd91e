import type { MessagesAsset } from "#app/i18n/messages-asset.ts";

/**
 * A pages' messages asset (`/assets/messages-….js`, made by `clientMessagesAsset` in
 * app/i18n/i18n.server.ts as `export default <JSON>;`) read back as data. Throws if the source
 * is not exactly that shape.
 */
export function parseMessagesAsset(source: string): MessagesAsset {
  const json = /^export default (.*);\n$/s.exec(source)?.[1];
  if (json === undefined) throw new Error(`not a messages asset: ${source.slice(0, 80)}`);
  return JSON.parse(json) as MessagesAsset;
}
