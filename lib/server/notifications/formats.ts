import { createHmac } from 'node:crypto';
import { z } from 'zod';
import type { JsonValue } from '@/lib/db';
import { formatDuration } from '@/lib/domain/format';
import type { ChannelKind } from '@/lib/domain/notifications';

/*
 * Each channel's native message and signature. The text is built from the event as it
 * was stored (its numbers, actor, reason and link), never from a fresh read.
 * - webhook: the event JSON, `X-Signature: t=<unix s>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`.
 * - DingTalk robot: markdown; with a secret, `timestamp` (ms) and `sign` =
 *   base64(HMAC-SHA256(secret, "<timestamp>\n<secret>")) in the query.
 * - Feishu/Lark bot: an interactive card; with a secret, `timestamp` (s) and `sign` =
 *   base64(HMAC-SHA256(key "<timestamp>\n<secret>", empty message)) in the body.
 * - WeCom robot: markdown (no signature; the key is in the URL).
 * - Slack incoming webhook: blocks, with a plain `text` fallback.
 */

export interface OutgoingRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
}

/** The fields of a stored event the messages read; the rest travels in the webhook body. */
const eventViewSchema = z
  .object({
    id: z.string(),
    type: z.string(),
    severity: z.string(),
    occurredAt: z.string(),
    appId: z.string(),
    title: z.string().optional(),
    text: z.string().optional(),
    actor: z.string().optional(),
    reason: z.string().optional(),
    link: z.string().optional(),
    approvers: z.string().optional(),
    gate: z
      .object({
        finished: z.number(),
        failed: z.number(),
        failureLimit: z.number(),
        finishedPct: z.number(),
        successPct: z.number().nullable(),
        population: z.number().nullable(),
      })
      .optional(),
    timing: z.object({ took: z.string() }).optional(),
    failures: z
      .object({
        before: z.number(),
        now: z.number(),
        total: z.number(),
        windowSeconds: z.number(),
        topReasons: z.array(z.object({ reason: z.string(), count: z.number() })),
      })
      .optional(),
    ens: z.object({ downSince: z.string(), downSeconds: z.number(), reachable: z.boolean() }).optional(),
  })
  .loose();
type EventView = z.output<typeof eventViewSchema>;

export function eventView(payload: JsonValue): EventView {
  return eventViewSchema.parse(payload);
}

export interface Message {
  /** One event, or a digest of several. */
  payload: JsonValue;
  events: EventView[];
  digest: boolean;
}

const MARK: Record<string, string> = { critical: '🔴', warning: '🟠', info: '🔵' };

function headline(e: EventView): string {
  return `${MARK[e.severity] ?? ''} ${e.title ?? e.type}`.trim();
}

/** The numbers and people of an event, one short line each. */
function detailLines(e: EventView): string[] {
  const lines: string[] = [];
  if (e.text) lines.push(e.text);
  if (e.gate) {
    const g = e.gate;
    const of = g.population === null ? '' : ` of ${g.population}`;
    const success = g.successPct === null ? '' : `, ${g.successPct}% succeeded`;
    lines.push(
      `Gate: ${g.failed} failed (limit ${g.failureLimit}), ${g.finished}${of} finished (${g.finishedPct}%)${success}`,
    );
  }
  if (e.approvers) lines.push(`Who can approve: ${e.approvers}`);
  if (e.timing) lines.push(`Took ${e.timing.took}`);
  if (e.failures) {
    const f = e.failures;
    const window = f.windowSeconds >= 60 ? `${Math.round(f.windowSeconds / 60)} min` : `${f.windowSeconds} s`;
    lines.push(`Failed instances: ${f.before} → ${f.now} of ${f.total} (window ${window})`);
    if (f.topReasons.length > 0)
      lines.push(`Top reasons: ${f.topReasons.map((r) => `${r.reason} (${r.count})`).join('; ')}`);
  }
  if (e.ens)
    lines.push(
      e.ens.reachable
        ? `Unreachable from ${e.ens.downSince} for ${formatDuration(e.ens.downSeconds * 1000)}`
        : `Unreachable since ${e.ens.downSince} (${formatDuration(e.ens.downSeconds * 1000)})`,
    );
  if (e.actor) lines.push(`By ${e.actor} · ${e.occurredAt}`);
  return lines;
}

/** What the status link opens, in the message's words. */
function linkLabel(e: EventView): string {
  if (e.type.startsWith('rollout.')) return 'Open the rollout';
  if (e.type === 'version.failures_rising' || e.type === 'push.failed') return 'Open the version';
  return 'Open the dashboard';
}

export function summaryTitle(message: Message): string {
  const first = message.events[0];
  if (!message.digest && first) return headline(first);
  return `${message.events.length} notifications for application ${first?.appId ?? ''}`.trim();
}

function markdown(message: Message, link: (text: string, url: string) => string): string {
  if (!message.digest) {
    const e = message.events[0]!;
    const lines = [`**${headline(e)}**`, ...detailLines(e)];
    if (e.link) lines.push(link(linkLabel(e), e.link));
    return lines.join('\n\n');
  }
  const lines = [`**${summaryTitle(message)}** (grouped: too many at once)`];
  for (const e of message.events) {
    const open = e.link ? ` ${link('open', e.link)}` : '';
    lines.push(`- ${headline(e)}: ${e.text ?? ''}${open}`);
  }
  return lines.join('\n');
}

const hmac = (key: string, data: string) => createHmac('sha256', key).update(data, 'utf8');

/** `X-Signature` of the generic webhook: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">. */
export function webhookSignature(secret: string, body: string, unixSeconds: number): string {
  return `t=${unixSeconds},v1=${hmac(secret, `${unixSeconds}.${body}`).digest('hex')}`;
}

export function dingtalkSign(secret: string, timestampMs: number): string {
  return hmac(secret, `${timestampMs}\n${secret}`).digest('base64');
}

export function feishuSign(secret: string, timestampSeconds: number): string {
  return hmac(`${timestampSeconds}\n${secret}`, '').digest('base64');
}

export function buildRequest(
  kind: ChannelKind,
  url: string,
  secret: string | null,
  message: Message,
  nowMs: number,
): OutgoingRequest {
  const title = summaryTitle(message);
  switch (kind) {
    case 'webhook': {
      const body = JSON.stringify(message.payload);
      const headers: Record<string, string> = {};
      if (secret) headers['x-signature'] = webhookSignature(secret, body, Math.floor(nowMs / 1000));
      return { url, headers, body };
    }
    case 'dingtalk': {
      const target = new URL(url);
      if (secret) {
        target.searchParams.set('timestamp', String(nowMs));
        target.searchParams.set('sign', dingtalkSign(secret, nowMs));
      }
      const text = markdown(message, (t, u) => `[${t}](${u})`);
      return {
        url: target.href,
        headers: {},
        body: JSON.stringify({ msgtype: 'markdown', markdown: { title, text } }),
      };
    }
    case 'wecom': {
      const content = markdown(message, (t, u) => `[${t}](${u})`);
      return { url, headers: {}, body: JSON.stringify({ msgtype: 'markdown', markdown: { content } }) };
    }
    case 'feishu': {
      const first = message.events[0];
      const severity = message.digest ? 'warning' : (first?.severity ?? 'info');
      const lines = message.digest
        ? message.events.map((e) => `- ${headline(e)}: ${e.text ?? ''}`)
        : first
          ? detailLines(first)
          : [];
      const linkUrl = message.digest ? undefined : first?.link;
      const card = {
        header: {
          title: { tag: 'plain_text', content: title },
          template: severity === 'critical' ? 'red' : severity === 'warning' ? 'orange' : 'blue',
        },
        elements: [
          { tag: 'div', text: { tag: 'lark_md', content: lines.join('\n') } },
          ...(linkUrl
            ? [
                {
                  tag: 'action',
                  actions: [
                    {
                      tag: 'button',
                      text: { tag: 'plain_text', content: first ? linkLabel(first) : 'Open' },
                      url: linkUrl,
                      type: 'primary',
                    },
                  ],
                },
              ]
            : []),
        ],
      };
      const seconds = Math.floor(nowMs / 1000);
      const signed = secret ? { timestamp: String(seconds), sign: feishuSign(secret, seconds) } : {};
      return { url, headers: {}, body: JSON.stringify({ ...signed, msg_type: 'interactive', card }) };
    }
    case 'slack': {
      const slackLink = (t: string, u: string) => `<${u}|${t}>`;
      const blocks = message.digest
        ? [
            { type: 'header', text: { type: 'plain_text', text: title.slice(0, 150) } },
            {
              type: 'section',
              text: {
                type: 'mrkdwn',
                text: message.events
                  .map((e) => `• ${headline(e)}: ${e.text ?? ''}${e.link ? ` ${slackLink('open', e.link)}` : ''}`)
                  .join('\n')
                  .slice(0, 3000),
              },
            },
          ]
        : [
            { type: 'header', text: { type: 'plain_text', text: title.slice(0, 150) } },
            {
              type: 'section',
              text: { type: 'mrkdwn', text: detailLines(message.events[0]!).join('\n').slice(0, 3000) },
            },
            ...(message.events[0]?.link
              ? [
                  {
                    type: 'section',
                    text: { type: 'mrkdwn', text: slackLink(linkLabel(message.events[0]), message.events[0].link) },
                  },
                ]
              : []),
          ];
      return { url, headers: {}, body: JSON.stringify({ text: title, blocks }) };
    }
  }
}

const codeSchema = z
  .object({ errcode: z.number().optional(), code: z.number().optional(), StatusCode: z.number().optional() })
  .loose();

/** Chat robots answer HTTP 200 with an error code in the body (a bad signature, a rate limit): that is a failure. */
export function answerProblem(kind: ChannelKind, body: string): string | null {
  if (kind === 'webhook' || kind === 'slack') return null;
  let parsed: z.output<typeof codeSchema>;
  try {
    parsed = codeSchema.parse(JSON.parse(body));
  } catch {
    return 'the answer is not the JSON the service sends';
  }
  const code = kind === 'feishu' ? (parsed.code ?? parsed.StatusCode) : parsed.errcode;
  if (code === undefined || code === 0) return null;
  const msg = (parsed as Record<string, unknown>).errmsg ?? (parsed as Record<string, unknown>).msg;
  return `the service answered code ${code}${typeof msg === 'string' ? `: ${msg.slice(0, 200)}` : ''}`;
}
