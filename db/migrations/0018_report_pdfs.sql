CREATE TABLE `report_pdfs` (
	`employer_id` text NOT NULL,
	`version` text NOT NULL,
	`generated_at` integer NOT NULL,
	`rows` integer NOT NULL,
	`pdf` blob NOT NULL,
	`sha256` text NOT NULL,
	`used_at` integer NOT NULL,
	PRIMARY KEY(`employer_id`, `version`),
	FOREIGN KEY (`employer_id`) REFERENCES `employers`(`id`) ON UPDATE no action ON DELETE no action
);
