import { z } from 'zod';
import { CHANNEL_KINDS, NOTIFICATION_EVENT_TYPES } from '@/lib/domain/notifications';

/* The notification channel routes' bodies and answers (issue 16's contract). */

export const SUBSCRIBABLE_EVENTS = NOTIFICATION_EVENT_TYPES.filter((t) => t !== 'test');

export const createChannelBodySchema = z.object({
  kind: z.enum(CHANNEL_KINDS),
  url: z.string().min(1, 'is required').max(2048, 'is longer than 2048 characters'),
  /** Signing secret: the webhook's HMAC key, DingTalk's SEC…, Feishu's signature key. Never shown again. */
  secret: z.string().min(1, 'must not be empty when given').max(512, 'is longer than 512 characters').optional(),
  events: z
    .array(
      z.string().refine((e) => e === '*' || (SUBSCRIBABLE_EVENTS as string[]).includes(e), {
        error: `must be "*" or one of: ${SUBSCRIBABLE_EVENTS.join(', ')}`,
      }),
    )
    .min(1, 'must name at least one event, or "*"'),
  name: z.string().trim().min(1).max(100).optional(),
});
export type CreateChannelBody = z.output<typeof createChannelBodySchema>;

export const createdChannelSchema = z.object({ channelId: z.string() });

export const channelViewSchema = z.object({
  channelId: z.string(),
  kind: z.enum(CHANNEL_KINDS),
  name: z.string(),
  /** The URL with its tokens masked: the URL itself is never shown again. */
  url: z.string(),
  hasSecret: z.boolean(),
  events: z.array(z.string()),
  createdBy: z.string(),
  createdAt: z.string(),
});
export type ChannelView = z.output<typeof channelViewSchema>;

export const channelListSchema = z.object({ channels: z.array(channelViewSchema) });

export const testOutcomeSchema = z.object({
  outcome: z.enum(['sent', 'failed']),
  httpStatus: z.number().nullable(),
  latencyMs: z.number(),
  error: z.string().nullable(),
});
export type TestOutcome = z.output<typeof testOutcomeSchema>;

export const deliveryLogSchema = z.object({
  deliveries: z.array(
    z.object({
      at: z.string(),
      outcome: z.enum(['sent', 'failed']),
      httpStatus: z.number().nullable(),
      latencyMs: z.number(),
      error: z.string().nullable(),
      eventIds: z.array(z.string()),
      digest: z.boolean(),
      test: z.boolean(),
    }),
  ),
});
export type DeliveryLog = z.output<typeof deliveryLogSchema>;
