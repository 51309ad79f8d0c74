/** Store location parsing without loading the PostgreSQL driver (the file-store default should not pay for `pg`). */

/** True for `postgres://…` and `postgresql://…`. */
export function isPostgresUrl(value: string): boolean {
  return /^postgres(ql)?:\/\//i.test(value.trim());
}
