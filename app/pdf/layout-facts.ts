/**
 * Facts about the PDFs' layout that code outside the PDF thread also needs. A plain module:
 * importing it loads neither react-pdf nor pdfkit into the serving thread, which never lays out
 * a PDF itself (app/pdf/pool.server.ts; the rule "pdf-layout-only-in-the-pdf-thread" in
 * tests/support/dependency-rules.cjs; ADR 036).
 */

/** A phone screen, 9:16 (360 × 640 pt: 1080 × 1920 px at 216 dpi). */
export const PHONE_SCREEN = { width: 360, height: 640 } as const;

/**
 * Part of every stored report's version (ADR 037): raise it when the drawing of
 * app/pdf/report.server.ts changes, so that reports stored before are drawn again in the new layout.
 */
export const REPORT_LAYOUT_VERSION = 1;
