import type { CertificatePdfData } from "#app/pdf/certificate.server.tsx";

/** A certificate with hard cases: letters the standard PDF fonts cannot encode, a long employer. */
export const sampleCertificate: CertificatePdfData = {
  code: "WWWWW-MMMMM-WWWWW", // the widest letters: the code must still print on one line
  holderName: "Łukasz Ștefănescu-Żółć Nguyễn",
  employerName: "Lakeside Inn & Conference Center of the Great Northern Lakes",
  jobRoleLabel: "Front desk, concierge, bell or valet",
  courseTitle: "Recognize and respond",
  courseVersion: "1.0.0+5d7c69da",
  contentHash: "5d7c69da4b98bf62cdb5c2729e1bcaf2aa00aa00aa00aa00aa00aa00aa00aa00",
  score: 90,
  attestedAt: "2026-11-25T10:00:00.000Z",
  issuedOn: "2026-11-25",
  expiresOn: "2027-11-24",
  verifyUrl: "https://training.frontline-ready.example.org/verify/WWWWW-MMMMM-WWWWW",
  verifyPageUrl: "https://training.frontline-ready.example.org/verify",
  hotline: { name: "National Human Trafficking Hotline", call: "1-888-373-7888", text: "233733" },
  language: "en",
  // The longest line a certificate prints: a law whose course requirement it does not meet.
  standing: { law: "Texas lodging — Bus. & Com. Code ch. 114", meets: false, needs: [{ kind: "approval", by: "Texas Attorney General" }, { kind: "content" }] },
};
