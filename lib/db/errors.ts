import { z } from 'zod';

const driverErrorSchema = z.object({ code: z.string() });

/**
 * True when a write broke a UNIQUE or PRIMARY KEY constraint, on either engine:
 * PostgreSQL reports SQLSTATE 23505, better-sqlite3 an extended SQLite result code.
 */
export function isUniqueViolation(error: unknown): boolean {
  const parsed = driverErrorSchema.safeParse(error);
  if (!parsed.success) return false;
  const { code } = parsed.data;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/** A `before` cursor that this module did not produce; routes answer 400. */
export class InvalidCursorError extends Error {
  constructor(message = 'The cursor is not valid') {
    super(message);
    this.name = 'InvalidCursorError';
  }
}
