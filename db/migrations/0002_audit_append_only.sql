-- The audit log is append-only: the database itself refuses to change or remove a row.
-- (Someone with the file can still drop these triggers; the hash chain then shows the edit:
-- `npm run audit:verify`.)
CREATE TRIGGER `audit_log_no_update` BEFORE UPDATE ON `audit_log`
BEGIN
  SELECT RAISE(ABORT, 'audit_log is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER `audit_log_no_delete` BEFORE DELETE ON `audit_log`
BEGIN
  SELECT RAISE(ABORT, 'audit_log is append-only');
END;
