CREATE TABLE `pending_imports` (
	`id` text PRIMARY KEY NOT NULL,
	`employer_id` text NOT NULL,
	`admin_id` text NOT NULL,
	`file_name` text NOT NULL,
	`sha256` text NOT NULL,
	`csv` text NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	FOREIGN KEY (`employer_id`) REFERENCES `employers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`admin_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `pending_imports_admin_idx` ON `pending_imports` (`admin_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `pending_imports_expires_idx` ON `pending_imports` (`expires_at`);