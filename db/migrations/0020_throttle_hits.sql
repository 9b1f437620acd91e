CREATE TABLE `throttle_hits` (
	`throttle` text NOT NULL,
	`key` text NOT NULL,
	`at` integer NOT NULL,
	`expires_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `throttle_hits_key_idx` ON `throttle_hits` (`throttle`,`key`,`at`);--> statement-breakpoint
CREATE INDEX `throttle_hits_expires_idx` ON `throttle_hits` (`expires_at`);