CREATE TABLE `sso_connections` (
	`id` text PRIMARY KEY NOT NULL,
	`employer_id` text,
	`jurisdiction` text,
	`issuer` text NOT NULL,
	`client_id` text NOT NULL,
	`client_secret_sealed` text NOT NULL,
	`email_domain` text NOT NULL,
	`match_by_email` integer DEFAULT false NOT NULL,
	`required` integer DEFAULT false NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`employer_id`) REFERENCES `employers`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "sso_connections_one_owner" CHECK((employer_id IS NULL) <> (jurisdiction IS NULL))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `sso_connections_employer_uq` ON `sso_connections` (`employer_id`) WHERE employer_id IS NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX `sso_connections_jurisdiction_uq` ON `sso_connections` (`jurisdiction`) WHERE jurisdiction IS NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX `sso_connections_domain_uq` ON `sso_connections` (`email_domain`);--> statement-breakpoint
CREATE TABLE `sso_links` (
	`connection_id` text NOT NULL,
	`issuer` text NOT NULL,
	`subject` text NOT NULL,
	`user_id` text NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`issuer`, `subject`),
	FOREIGN KEY (`connection_id`) REFERENCES `sso_connections`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `sso_links_user_uq` ON `sso_links` (`connection_id`,`user_id`);