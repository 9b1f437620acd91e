CREATE TABLE `open_badge_status` (
	`certificate_id` text PRIMARY KEY NOT NULL,
	`list_id` integer NOT NULL,
	`status_index` integer NOT NULL,
	`assigned_at` integer NOT NULL,
	FOREIGN KEY (`certificate_id`) REFERENCES `certificates`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `open_badge_status_list_index_uq` ON `open_badge_status` (`list_id`,`status_index`);