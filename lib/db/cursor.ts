import { z } from 'zod';
import { InvalidCursorError } from './errors';

/**
 * Keyset cursor over (createdAt, id), newest first. Opaque base64url so clients do
 * not build them; stable while rows are added, unlike offsets.
 */
export interface CursorKey {
  createdAt: number;
  id: string;
}

const cursorSchema = z.tuple([z.number().int().nonnegative(), z.string().min(1)]);

export function encodeCursor(key: CursorKey): string {
  return Buffer.from(JSON.stringify([key.createdAt, key.id])).toString('base64url');
}

export function decodeCursor(cursor: string): CursorKey {
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursorError();
  }
  const parsed = cursorSchema.safeParse(raw);
  if (!parsed.success) throw new InvalidCursorError();
  return { createdAt: parsed.data[0], id: parsed.data[1] };
}
