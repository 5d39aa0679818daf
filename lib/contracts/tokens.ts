import { z } from 'zod';
import { ROLES } from '@/lib/domain/roles';

/** POST /api/tokens */
export const createTokenBodySchema = z.object({
  name: z
    .string({ error: 'name is required' })
    .trim()
    .min(1, 'name is required')
    .max(100, 'name must be at most 100 characters')
    .regex(/^[\w .:@-]+$/, 'name may contain letters, digits, spaces and . : @ _ -'),
  role: z.enum(ROLES, { error: `role must be one of ${ROLES.join(', ')}` }),
  appId: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/, 'appId must be an ENS application id (letters, digits, - and _)')
    .nullable()
    .default(null),
  /** Days until the token stops working; null never expires. */
  expiresInDays: z
    .number({ error: 'expiresInDays must be a number' })
    .int()
    .min(1, 'expiresInDays must be at least 1')
    .max(3650, 'expiresInDays must be at most 3650')
    .nullable()
    .default(90),
});
export type CreateTokenBody = z.output<typeof createTokenBodySchema>;

export const tokenSchema = z.object({
  id: z.string(),
  name: z.string(),
  role: z.enum(ROLES),
  appId: z.string().nullable(),
  createdBy: z.string(),
  createdAt: z.number(),
  expiresAt: z.number().nullable(),
  lastUsedAt: z.number().nullable(),
  revokedAt: z.number().nullable(),
  revokedBy: z.string().nullable(),
});
export type TokenView = z.output<typeof tokenSchema>;

export const tokenListSchema = z.object({ tokens: z.array(tokenSchema) });
/** The one answer that carries a token's value: it is never shown again. */
export const createdTokenSchema = z.object({ token: tokenSchema, value: z.string() });

export const tokenParams = z.object({
  tokenId: z.string().regex(/^t_[A-Za-z0-9_-]{16}$/, 'tokenId must be a token id such as t_…'),
});
