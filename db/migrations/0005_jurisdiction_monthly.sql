CREATE TABLE `jurisdiction_monthly` (
	`jurisdiction` text NOT NULL,
	`sector` text NOT NULL,
	`month` text NOT NULL,
	`employers` integer NOT NULL,
	`workers` integer NOT NULL,
	`covered` integer NOT NULL,
	`compliant` integer NOT NULL,
	`overdue` integer NOT NULL,
	PRIMARY KEY(`jurisdiction`, `sector`, `month`)
);
