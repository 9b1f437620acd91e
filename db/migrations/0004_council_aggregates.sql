CREATE TABLE `employer_monthly` (
	`employer_id` text NOT NULL,
	`month` text NOT NULL,
	`workers` integer NOT NULL,
	`covered` integer NOT NULL,
	`compliant` integer NOT NULL,
	`overdue` integer NOT NULL,
	PRIMARY KEY(`employer_id`, `month`),
	FOREIGN KEY (`employer_id`) REFERENCES `employers`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `employer_monthly_month_idx` ON `employer_monthly` (`month`);--> statement-breakpoint
CREATE TABLE `employer_stats` (
	`employer_id` text PRIMARY KEY NOT NULL,
	`workers` integer DEFAULT 0 NOT NULL,
	`not_covered` integer DEFAULT 0 NOT NULL,
	`due` integer DEFAULT 0 NOT NULL,
	`overdue` integer DEFAULT 0 NOT NULL,
	`compliant` integer DEFAULT 0 NOT NULL,
	`expiring` integer DEFAULT 0 NOT NULL,
	`expired` integer DEFAULT 0 NOT NULL,
	`trained` integer DEFAULT 0 NOT NULL,
	`former` integer DEFAULT 0 NOT NULL,
	FOREIGN KEY (`employer_id`) REFERENCES `employers`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `employment_status` (
	`employment_id` text PRIMARY KEY NOT NULL,
	`employer_id` text NOT NULL,
	`rule_id` text,
	`rule_version` text,
	`kind` text NOT NULL,
	`changes_on` text,
	`trained` integer NOT NULL,
	FOREIGN KEY (`employment_id`) REFERENCES `employments`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`employer_id`) REFERENCES `employers`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `employment_status_changes_idx` ON `employment_status` (`changes_on`);--> statement-breakpoint
CREATE INDEX `employment_status_employer_idx` ON `employment_status` (`employer_id`);--> statement-breakpoint
CREATE INDEX `employers_jurisdiction_idx` ON `employers` (`jurisdiction`,`sector`);