/** One page of a list: the page asked for, clamped to the pages there are. */
export function paginate<T>(rows: T[], page: number, size: number) {
  const pages = Math.max(1, Math.ceil(rows.length / size));
  const current = Math.min(Math.max(1, page), pages);
  return { page: current, pages, total: rows.length, rows: rows.slice((current - 1) * size, current * size) };
}
