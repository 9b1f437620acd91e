/** The roster CSV's columns (import and page text share them; kept apart so pages do not bundle the CSV parser). */
export const REQUIRED_COLUMNS = ["name", "employee_id", "role", "site", "hire_date"] as const;
export const OPTIONAL_COLUMNS = ["email", "phone", "language"] as const;
