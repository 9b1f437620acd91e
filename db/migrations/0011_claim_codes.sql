ALTER TABLE `employments` ADD `claim_code` text;--> statement-breakpoint
-- Back-fill: every roster row no account holds gets a claim code (8 characters of the
-- certificate alphabet, app/domain/claim-code.ts). SQLite's random() draws from its ChaCha20
-- generator, seeded from the operating system; the employer can issue a new code at any time.
UPDATE `employments` SET `claim_code` =
  substr('23456789ABCDEFGHJKMNPQRSTVWXYZ', 1 + ((random() % 30) + 30) % 30, 1) ||
  substr('23456789ABCDEFGHJKMNPQRSTVWXYZ', 1 + ((random() % 30) + 30) % 30, 1) ||
  substr('23456789ABCDEFGHJKMNPQRSTVWXYZ', 1 + ((random() % 30) + 30) % 30, 1) ||
  substr('23456789ABCDEFGHJKMNPQRSTVWXYZ', 1 + ((random() % 30) + 30) % 30, 1) ||
  substr('23456789ABCDEFGHJKMNPQRSTVWXYZ', 1 + ((random() % 30) + 30) % 30, 1) ||
  substr('23456789ABCDEFGHJKMNPQRSTVWXYZ', 1 + ((random() % 30) + 30) % 30, 1) ||
  substr('23456789ABCDEFGHJKMNPQRSTVWXYZ', 1 + ((random() % 30) + 30) % 30, 1) ||
  substr('23456789ABCDEFGHJKMNPQRSTVWXYZ', 1 + ((random() % 30) + 30) % 30, 1)
WHERE `user_id` IS NULL;
