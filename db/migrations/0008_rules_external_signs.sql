CREATE TABLE `external_completions` (
	`id` text PRIMARY KEY NOT NULL,
	`employer_id` text NOT NULL,
	`employment_id` text NOT NULL,
	`provider` text NOT NULL,
	`course_title` text NOT NULL,
	`completed_on` text NOT NULL,
	`approval_reference` text,
	`rule_id` text NOT NULL,
	`rule_version` text NOT NULL,
	`proof` blob NOT NULL,
	`proof_sha256` text NOT NULL,
	`proof_type` text NOT NULL,
	`proof_name` text NOT NULL,
	`recorded_by` text NOT NULL,
	`recorded_at` integer NOT NULL,
	`voided_at` integer,
	`voided_by` text,
	`voided_reason` text,
	FOREIGN KEY (`employer_id`) REFERENCES `employers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`employment_id`) REFERENCES `employments`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`recorded_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`voided_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `external_completions_employment_idx` ON `external_completions` (`employment_id`);--> statement-breakpoint
CREATE INDEX `external_completions_employer_idx` ON `external_completions` (`employer_id`);--> statement-breakpoint
CREATE TABLE `sign_postings` (
	`id` text PRIMARY KEY NOT NULL,
	`employer_id` text NOT NULL,
	`site_id` text,
	`rule_id` text NOT NULL,
	`rule_version` text NOT NULL,
	`sign_id` text NOT NULL,
	`attested_by` text NOT NULL,
	`attested_name` text NOT NULL,
	`attested_at` integer NOT NULL,
	FOREIGN KEY (`employer_id`) REFERENCES `employers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`site_id`) REFERENCES `sites`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`attested_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `sign_postings_employer_idx` ON `sign_postings` (`employer_id`,`rule_id`,`sign_id`);--> statement-breakpoint
ALTER TABLE `sites` ADD `police_agency` text;--> statement-breakpoint
ALTER TABLE `sites` ADD `police_phone` text;