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

const INVALID_CURSOR = Symbol.for('ens-dashboard.InvalidCursorError');

/** A `before` cursor that this module did not produce; routes answer 400. */
export class InvalidCursorError extends Error {
  readonly [INVALID_CURSOR] = true;
  constructor(message = 'The cursor is not valid') {
    super(message);
    this.name = 'InvalidCursorError';
  }
}

/** Not instanceof: the database may be opened by another copy of this module (see lib/ens/errors). */
export function isInvalidCursorError(error: unknown): error is InvalidCursorError {
  return typeof error === 'object' && error !== null && (error as Record<symbol, unknown>)[INVALID_CURSOR] === true;
}
