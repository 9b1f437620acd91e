import { describe, expect, it } from "vitest";
import { PASSWORD_MAX, passwordProblem } from "#app/domain/password-policy.ts";
import { newPasswordProblem } from "#app/utils/password-policy.server.ts";

const none = () => false;

describe("password policy", () => {
  it("needs at least 10 characters, counted as characters not bytes", () => {
    expect(passwordProblem("123456789", { isCommon: none })).toMatch(/at least 10/);
    expect(passwordProblem("ñandú-café", { isCommon: none })).toBeNull();
    expect(passwordProblem("🙂🌮🚌🏨🔑🙂🌮🚌🏨🔑", { isCommon: none })).toBeNull();
  });

  it("allows long passphrases (no maximum below 64) and refuses absurd ones", () => {
    expect(passwordProblem("a sentence that is quite long ".repeat(3), { isCommon: none })).toBeNull();
    expect("x".repeat(64).length).toBeLessThan(PASSWORD_MAX);
    expect(passwordProblem("ab".repeat(PASSWORD_MAX), { isCommon: none })).toMatch(/at most/);
  });

  it("refuses passwords from the shipped list of common passwords, in any case", () => {
    for (const p of ["password123", "Qwertyuiop", "1234567890", "FrontlineReady"]) expect(newPasswordProblem(p), p).toMatch(/too common/);
    expect(newPasswordProblem("correct horse battery")).toBeNull();
    expect(newPasswordProblem("frontline-demo")).toBeNull();
  });

  it("refuses one repeated character and a password that contains the username", () => {
    expect(passwordProblem("aaaaaaaaaaaa", { isCommon: none })).toMatch(/too common/);
    expect(passwordProblem("maria.lopez2026", { isCommon: none, username: "Maria.Lopez" })).toMatch(/username/);
  });
});
