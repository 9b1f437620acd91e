CREATE TABLE `attempt_answers` (
	`attempt_id` text NOT NULL,
	`question_id` text NOT NULL,
	`choice_ids` text NOT NULL,
	`correct` integer NOT NULL,
	FOREIGN KEY (`attempt_id`) REFERENCES `quiz_attempts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `attempt_answers_pk` ON `attempt_answers` (`attempt_id`,`question_id`);--> statement-breakpoint
CREATE TABLE `certificates` (
	`id` text PRIMARY KEY NOT NULL,
	`code` text NOT NULL,
	`user_id` text NOT NULL,
	`employment_id` text NOT NULL,
	`employer_id` text NOT NULL,
	`attempt_id` text NOT NULL,
	`holder_name` text NOT NULL,
	`employer_name` text NOT NULL,
	`job_role` text NOT NULL,
	`course_id` text NOT NULL,
	`course_title` text NOT NULL,
	`course_version` text NOT NULL,
	`content_hash` text NOT NULL,
	`score` real NOT NULL,
	`attested_at` integer NOT NULL,
	`issued_at` integer NOT NULL,
	`expires_on` text NOT NULL,
	`revoked_at` integer,
	`revoked_reason` text,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`employment_id`) REFERENCES `employments`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`employer_id`) REFERENCES `employers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`attempt_id`) REFERENCES `quiz_attempts`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "certificates_score_range" CHECK("certificates"."score" >= 0 AND "certificates"."score" <= 100)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `certificates_code_uq` ON `certificates` (`code`);--> statement-breakpoint
CREATE UNIQUE INDEX `certificates_attempt_uq` ON `certificates` (`attempt_id`);--> statement-breakpoint
CREATE INDEX `certificates_user_idx` ON `certificates` (`user_id`);--> statement-breakpoint
CREATE INDEX `certificates_employer_idx` ON `certificates` (`employer_id`);--> statement-breakpoint
CREATE TABLE `employers` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`sector` text NOT NULL,
	`jurisdiction` text NOT NULL,
	`county` text,
	`join_code` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `employers_join_code_uq` ON `employers` (`join_code`);--> statement-breakpoint
CREATE TABLE `employments` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`employer_id` text NOT NULL,
	`job_role` text NOT NULL,
	`started_at` integer NOT NULL,
	`ended_at` integer,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`employer_id`) REFERENCES `employers`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `employments_user_idx` ON `employments` (`user_id`);--> statement-breakpoint
CREATE INDEX `employments_employer_idx` ON `employments` (`employer_id`);--> statement-breakpoint
CREATE TABLE `module_progress` (
	`user_id` text NOT NULL,
	`course_id` text NOT NULL,
	`module_id` text NOT NULL,
	`opened_at` integer NOT NULL,
	`completed_at` integer,
	`completed_on_version` text,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `module_progress_pk` ON `module_progress` (`user_id`,`course_id`,`module_id`);--> statement-breakpoint
CREATE TABLE `quiz_attempts` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`employment_id` text NOT NULL,
	`course_id` text NOT NULL,
	`course_version` text NOT NULL,
	`content_hash` text NOT NULL,
	`job_role` text NOT NULL,
	`questions` text NOT NULL,
	`status` text NOT NULL,
	`created_at` integer NOT NULL,
	`graded_at` integer,
	`attested_at` integer,
	`correct_count` integer,
	`question_count` integer NOT NULL,
	`score` real,
	`passed` integer,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`employment_id`) REFERENCES `employments`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `quiz_attempts_user_course_idx` ON `quiz_attempts` (`user_id`,`course_id`,`created_at`);--> statement-breakpoint
CREATE UNIQUE INDEX `quiz_attempts_one_open_uq` ON `quiz_attempts` (`user_id`,`course_id`) WHERE status = 'open';--> statement-breakpoint
CREATE TABLE `sessions` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `sessions_user_idx` ON `sessions` (`user_id`);--> statement-breakpoint
CREATE TABLE `users` (
	`id` text PRIMARY KEY NOT NULL,
	`username` text NOT NULL,
	`name` text NOT NULL,
	`email` text,
	`password_hash` text NOT NULL,
	`kind` text NOT NULL,
	`employer_id` text,
	`jurisdiction` text,
	`created_at` integer NOT NULL,
	`disabled_at` integer,
	FOREIGN KEY (`employer_id`) REFERENCES `employers`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `users_username_uq` ON `users` (`username`);