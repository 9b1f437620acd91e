CREATE TABLE `attestations` (
	`id` text PRIMARY KEY NOT NULL,
	`employer_id` text NOT NULL,
	`rule_id` text NOT NULL,
	`rule_version` text NOT NULL,
	`period` text NOT NULL,
	`statement` text NOT NULL,
	`signed_by` text NOT NULL,
	`signed_name` text NOT NULL,
	`signed_title` text NOT NULL,
	`signed_at` integer NOT NULL,
	`covered` integer NOT NULL,
	`compliant` integer NOT NULL,
	FOREIGN KEY (`employer_id`) REFERENCES `employers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`signed_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `attestations_period_uq` ON `attestations` (`employer_id`,`rule_id`,`period`);--> statement-breakpoint
CREATE TABLE `certificate_pdfs` (
	`certificate_id` text PRIMARY KEY NOT NULL,
	`pdf` blob NOT NULL,
	`sha256` text NOT NULL,
	`rendered_at` integer NOT NULL,
	FOREIGN KEY (`certificate_id`) REFERENCES `certificates`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `outbox` (
	`id` text PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`dedupe_key` text NOT NULL,
	`employer_id` text NOT NULL,
	`employment_id` text,
	`to_address` text NOT NULL,
	`subject` text NOT NULL,
	`body` text NOT NULL,
	`created_at` integer NOT NULL,
	`status` text NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` integer NOT NULL,
	`sent_at` integer,
	`last_error` text,
	FOREIGN KEY (`employer_id`) REFERENCES `employers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`employment_id`) REFERENCES `employments`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `outbox_dedupe_uq` ON `outbox` (`dedupe_key`);--> statement-breakpoint
CREATE INDEX `outbox_due_idx` ON `outbox` (`status`,`next_attempt_at`);--> statement-breakpoint
CREATE INDEX `outbox_employer_idx` ON `outbox` (`employer_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `sites` (
	`id` text PRIMARY KEY NOT NULL,
	`employer_id` text NOT NULL,
	`name` text NOT NULL,
	`join_code` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`employer_id`) REFERENCES `employers`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `sites_join_code_uq` ON `sites` (`join_code`);--> statement-breakpoint
CREATE UNIQUE INDEX `sites_employer_name_uq` ON `sites` (`employer_id`,`name`);--> statement-breakpoint
PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_employments` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text,
	`employer_id` text NOT NULL,
	`site_id` text,
	`full_name` text DEFAULT '' NOT NULL,
	`employee_id` text,
	`job_role` text NOT NULL,
	`hire_date` text DEFAULT '' NOT NULL,
	`email` text,
	`phone` text,
	`started_at` integer NOT NULL,
	`ended_at` integer,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`employer_id`) REFERENCES `employers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`site_id`) REFERENCES `sites`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
-- Existing rows (workers who joined by link) take their account name and the day they joined as hire date.
INSERT INTO `__new_employments`("id", "user_id", "employer_id", "site_id", "full_name", "employee_id", "job_role", "hire_date", "email", "phone", "started_at", "ended_at") SELECT e."id", e."user_id", e."employer_id", NULL, coalesce((SELECT u."name" FROM `users` u WHERE u."id" = e."user_id"), ''), NULL, e."job_role", date(e."started_at" / 1000, 'unixepoch'), NULL, NULL, e."started_at", e."ended_at" FROM `employments` e;--> statement-breakpoint
DROP TABLE `employments`;--> statement-breakpoint
ALTER TABLE `__new_employments` RENAME TO `employments`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE INDEX `employments_user_idx` ON `employments` (`user_id`);--> statement-breakpoint
CREATE INDEX `employments_employer_idx` ON `employments` (`employer_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `employments_employee_id_uq` ON `employments` (`employer_id`,`employee_id`) WHERE employee_id IS NOT NULL;--> statement-breakpoint
ALTER TABLE `certificates` ADD `rule_id` text;--> statement-breakpoint
ALTER TABLE `certificates` ADD `rule_version` text;