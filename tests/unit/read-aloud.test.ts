import { describe, expect, it } from "vitest";
import { chooseVoice, MAX_CHUNK, speechChunks } from "#app/domain/read-aloud.ts";

describe("speechChunks", () => {
  it("speaks each line on its own and joins short sentences of a line", () => {
    expect(speechChunks("What is trafficking?\n\nIt is a crime.  It uses force.\n- Choice one\n")).toEqual([
      "What is trafficking?",
      "It is a crime. It uses force.",
      "- Choice one",
    ]);
  });

  it("cuts long text at sentence ends, never over the limit, losing no word", () => {
    const sentence = "Traffickers use force, fraud or coercion to make people work or sell sex against their will.";
    const text = Array.from({ length: 8 }, () => sentence).join(" ");
    const chunks = speechChunks(text);
    expect(chunks.length).toBeGreaterThan(1);
    for (const c of chunks) {
      expect(c.length).toBeLessThanOrEqual(MAX_CHUNK);
      expect(c.endsWith(".")).toBe(true);
    }
    expect(chunks.join(" ")).toBe(text);
  });

  it("cuts one overlong sentence at commas, then at spaces", () => {
    const long = Array.from({ length: 30 }, (_, i) => `item number ${i}`).join(", ") + ".";
    const chunks = speechChunks(long, 80);
    for (const c of chunks) expect(c.length).toBeLessThanOrEqual(80);
    expect(chunks.join(" ").replace(/\s+/g, " ")).toBe(long);
    const noCommas = "palabra ".repeat(40).trim();
    const words = speechChunks(noCommas, 50);
    for (const c of words) expect(c.length).toBeLessThanOrEqual(50);
    expect(words.join(" ")).toBe(noCommas);
  });

  it("keeps Spanish sentences whole, opening marks and all", () => {
    expect(speechChunks("¿Qué es la trata? Es un delito. ¡Llame al 911!", 20)).toEqual(["¿Qué es la trata?", "Es un delito.", "¡Llame al 911!"]);
  });

  it("gives nothing for blank text", () => {
    expect(speechChunks(" \n\t\n")).toEqual([]);
  });
});

describe("chooseVoice", () => {
  const v = (lang: string, name: string, localService = true, isDefault = false) => ({ lang, name, localService, default: isDefault });

  it("none when the browser has no voice for the language", () => {
    expect(chooseVoice([v("en-US", "a"), v("fr-FR", "b")], "es")).toBeUndefined();
    expect(chooseVoice([], "en")).toBeUndefined();
    // "est" is Estonian, not Spanish.
    expect(chooseVoice([v("et-EE", "c"), v("est", "d")], "es")).toBeUndefined();
  });

  it("prefers the United States, then Mexico and Latin America, then Spain", () => {
    expect(chooseVoice([v("es-ES", "es"), v("es-MX", "mx"), v("es-US", "us")], "es")!.name).toBe("us");
    expect(chooseVoice([v("es-ES", "es"), v("es_MX", "mx")], "es")!.name).toBe("mx");
    expect(chooseVoice([v("es-ES", "es"), v("en-US", "en")], "es")!.name).toBe("es");
    expect(chooseVoice([v("EN-gb", "gb"), v("en-US", "us")], "en")!.name).toBe("us");
  });

  it("within a region, a voice on the device before a network one, then the default", () => {
    expect(chooseVoice([v("en-US", "net", false), v("en-US", "local", true)], "en")!.name).toBe("local");
    expect(chooseVoice([v("en-US", "a"), v("en-US", "b", true, true)], "en")!.name).toBe("b");
  });
});
