CREATE TABLE `status_dirty` (
	`employment_id` text PRIMARY KEY NOT NULL
);
--> statement-breakpoint
ALTER TABLE `employment_status` ADD `former` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `employment_status` ADD `due_date` text;--> statement-breakpoint
ALTER TABLE `employment_status` ADD `completed_on` text;--> statement-breakpoint
ALTER TABLE `employment_status` ADD `valid_until` text;--> statement-breakpoint
ALTER TABLE `employment_status` ADD `expired_on` text;--> statement-breakpoint
ALTER TABLE `employment_status` ADD `certificate_id` text;--> statement-breakpoint
ALTER TABLE `employment_status` ADD `deadline` text;--> statement-breakpoint
DROP INDEX IF EXISTS `employment_status_employer_idx`;--> statement-breakpoint
CREATE INDEX `employment_status_employer_changes_idx` ON `employment_status` (`employer_id`,`changes_on`);--> statement-breakpoint
CREATE INDEX `employment_status_roster_idx` ON `employment_status` (`employer_id`,`former`,`kind`,`deadline`);--> statement-breakpoint
CREATE TRIGGER `status_dirty_employment_insert` AFTER INSERT ON `employments` BEGIN
  INSERT OR IGNORE INTO `status_dirty` (`employment_id`) VALUES (NEW.`id`);
END;--> statement-breakpoint
CREATE TRIGGER `status_dirty_employment_update` AFTER UPDATE OF `user_id`, `employer_id`, `job_role`, `hire_date`, `ended_at` ON `employments` BEGIN
  INSERT OR IGNORE INTO `status_dirty` (`employment_id`) VALUES (NEW.`id`);
END;--> statement-breakpoint
CREATE TRIGGER `status_dirty_certificate_insert` AFTER INSERT ON `certificates` BEGIN
  INSERT OR IGNORE INTO `status_dirty` (`employment_id`) SELECT `id` FROM `employments` WHERE `user_id` = NEW.`user_id`;
END;--> statement-breakpoint
CREATE TRIGGER `status_dirty_certificate_update` AFTER UPDATE OF `revoked_at`, `expires_on`, `user_id` ON `certificates` BEGIN
  INSERT OR IGNORE INTO `status_dirty` (`employment_id`) SELECT `id` FROM `employments` WHERE `user_id` IN (OLD.`user_id`, NEW.`user_id`);
END;--> statement-breakpoint
CREATE TRIGGER `status_dirty_external_insert` AFTER INSERT ON `external_completions` BEGIN
  INSERT OR IGNORE INTO `status_dirty` (`employment_id`) VALUES (NEW.`employment_id`);
END;--> statement-breakpoint
CREATE TRIGGER `status_dirty_external_update` AFTER UPDATE ON `external_completions` BEGIN
  INSERT OR IGNORE INTO `status_dirty` (`employment_id`) VALUES (NEW.`employment_id`);
END;--> statement-breakpoint
CREATE TRIGGER `status_dirty_employer_update` AFTER UPDATE OF `jurisdiction`, `sector`, `confirmed_rule_id` ON `employers` BEGIN
  INSERT OR IGNORE INTO `status_dirty` (`employment_id`) SELECT `id` FROM `employments` WHERE `employer_id` = NEW.`id`;
END;--> statement-breakpoint
-- Recomputed at start-up with the new columns (prepareAggregates fills missing rows and the counters from zero).
DELETE FROM `employment_status`;--> statement-breakpoint
DELETE FROM `employer_stats`;
