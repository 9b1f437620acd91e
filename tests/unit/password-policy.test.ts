import { describe, expect, it } from "vitest";
import { PASSWORD_MAX, passwordIssue } from "#app/domain/password-policy.ts";
import { tFor } from "#app/i18n/messages.server.ts";
import { newPasswordError, newPasswordIssue } from "#app/utils/password-policy.server.ts";

const none = () => false;
const code = (password: string, username?: string) => passwordIssue(password, { isCommon: none, username })?.code ?? null;

describe("password policy", () => {
  it("needs at least 10 characters, counted as characters not bytes", () => {
    expect(code("123456789")).toBe("tooShort");
    expect(code("ñandú-café")).toBeNull();
    expect(code("🙂🌮🚌🏨🔑🙂🌮🚌🏨🔑")).toBeNull();
  });

  it("allows long passphrases (no maximum below 64) and refuses absurd ones", () => {
    expect(code("a sentence that is quite long ".repeat(3))).toBeNull();
    expect("x".repeat(64).length).toBeLessThan(PASSWORD_MAX);
    expect(code("ab".repeat(PASSWORD_MAX))).toBe("tooLong");
  });

  it("refuses passwords from the shipped list of common passwords, in any case", () => {
    for (const p of ["password123", "Qwertyuiop", "1234567890", "FrontlineReady"]) expect(newPasswordIssue(p)?.code, p).toBe("tooCommon");
    expect(newPasswordIssue("correct horse battery")).toBeNull();
  });

  it("refuses the demo accounts' published password, however it is spelled", () => {
    for (const p of ["frontline-demo", "FRONTLINE-DEMO", "Frontline Demo", "frontline_demo_2026", "my frontline-demo pass", "frontline.demo!"]) {
      expect(code(p), p).toBe("published");
    }
    expect(code("frontline ready demo day")).toBeNull();
    expect(newPasswordError("frontline-demo", null, tFor("en"))).toMatch(/published/);
    expect(newPasswordError("frontline-demo", null, tFor("es"))).toMatch(/publicada/);
  });

  it("refuses one repeated character and a password that contains the username", () => {
    expect(code("aaaaaaaaaaaa")).toBe("tooCommon");
    expect(code("maria.lopez2026", "Maria.Lopez")).toBe("containsUsername");
  });

  it("says why in the reader's language, from the message files", () => {
    expect(newPasswordError("123456789", null, tFor("en"))).toBe("Choose a password of at least 10 characters");
    expect(newPasswordError("ab".repeat(PASSWORD_MAX), null, tFor("en"))).toBe(`Use at most ${PASSWORD_MAX} characters for your password`);
    expect(newPasswordError("password123", null, tFor("en"))).toMatch(/too common/);
    expect(newPasswordError("maria.lopez2026", "maria.lopez", tFor("es"))).toBe(tFor("es", "auth")("password.containsUsername"));
    expect(tFor("es", "auth")("password.containsUsername")).not.toBe(tFor("en", "auth")("password.containsUsername"));
    expect(newPasswordError("correct horse battery", null, tFor("en"))).toBeNull();
  });
});
