import 'server-only';
import { z } from 'zod';
import { pushBodySchema, distributionBodySchema, cleanBodySchema } from '@/lib/contracts/push-bodies';
import { appParams, channelParams, rolloutParams } from '@/lib/server/route';
import {
  distributionOutcomeSchema,
  cleanOutcomeSchema,
  errorResponseSchema,
  healthResponseSchema,
  pushListQuerySchema,
  outsidePushesQuerySchema,
  pushOutcomeSchema,
} from '@/lib/contracts/push-writes';
import { regionsResponseSchema } from '@/lib/contracts/regions';
import {
  channelListSchema,
  createChannelBodySchema,
  createdChannelSchema,
  deliveryLogSchema,
  testOutcomeSchema,
} from '@/lib/contracts/notifications';
import { createdTokenSchema, createTokenBodySchema, tokenListSchema, tokenParams } from '@/lib/contracts/tokens';
import {
  appsResponseSchema,
  detailResponseSchema,
  distributionResponseSchema,
  historyResponseSchema,
  instancesResponseSchema,
  pushStatusResponseSchema,
} from '@/lib/contracts/monitoring';
import { historyQuerySchema } from '@/lib/contracts/history-params';
import { instanceQuerySchema, statusImageQuerySchema, versionQuerySchema } from '@/lib/contracts/instance-params';
import type { Requirement } from '@/lib/domain/roles';
import { outsidePushesResponseSchema, pushListResponseSchema } from '@/lib/contracts/pushes';
import {
  createRolloutAnswerSchema,
  createRolloutBodySchema,
  rollbackPreviewSchema,
  rolloutActionBodySchema,
  rolloutListQuerySchema,
  rolloutListSchema,
  rolloutViewSchema,
  savedPlanBodySchema,
  savedPlanSchema,
} from '@/lib/contracts/rollouts';
import { ROLLOUT_ACTIONS } from '@/lib/domain/rollout-states';

/**
 * The API for automation, described from the zod schemas the routes parse with
 * (zod's own JSON Schema output is draft 2020-12, the dialect of OpenAPI 3.1).
 * openapi.test.ts checks every route file has an operation here with its rule.
 */
type ZodObjectLike = z.ZodObject<z.ZodRawShape>;

export interface Operation {
  method: 'get' | 'post' | 'delete';
  /** The Next.js route path, with [segment] placeholders. */
  route: string;
  summary: string;
  role: Requirement;
  params?: ZodObjectLike;
  query?: ZodObjectLike;
  body?: z.ZodType;
  status?: number;
  response?: z.ZodType;
  contentType?: string;
}

export const OPERATIONS: Operation[] = [
  {
    method: 'get',
    route: '/api/health',
    summary: 'Whether ENS answers; 503 when it does not',
    role: 'public',
    response: healthResponseSchema,
  },
  { method: 'get', route: '/api/health/live', summary: 'Liveness: the process answers', role: 'public' },
  {
    method: 'get',
    route: '/api/health/ready',
    summary: 'Readiness: start-up finished and the database answers; 503 otherwise',
    role: 'public',
  },
  { method: 'get', route: '/api/metrics', summary: 'Prometheus metrics', role: 'viewer', contentType: 'text/plain' },
  {
    method: 'get',
    route: '/api/apps',
    summary: 'ENS applications with their rollouts in flight',
    role: 'viewer',
    response: appsResponseSchema,
  },
  {
    method: 'get',
    route: '/api/apps/[appId]/regions',
    summary: 'Regions the application has instances in',
    role: 'viewer',
    params: appParams,
    response: regionsResponseSchema,
  },
  {
    method: 'get',
    route: '/api/apps/[appId]/distribution',
    summary: 'Every data file version and its status counts',
    role: 'viewer',
    params: appParams,
    response: distributionResponseSchema,
  },
  {
    method: 'get',
    route: '/api/apps/[appId]/distribution/detail',
    summary: 'One version: counts per region and status',
    role: 'viewer',
    params: appParams,
    query: versionQuerySchema,
    response: detailResponseSchema,
  },
  {
    method: 'get',
    route: '/api/apps/[appId]/distribution/history',
    summary: 'One version: status counts over time',
    role: 'viewer',
    params: appParams,
    query: historyQuerySchema,
    response: historyResponseSchema,
  },
  {
    method: 'get',
    route: '/api/apps/[appId]/distribution/instances',
    summary: 'One version: instances, filtered, sorted and paged',
    role: 'viewer',
    params: appParams,
    query: instanceQuerySchema,
    response: instancesResponseSchema,
  },
  {
    method: 'get',
    route: '/api/apps/[appId]/distribution/instances.csv',
    summary: 'One version: the filtered instances as CSV',
    role: 'viewer',
    params: appParams,
    query: instanceQuerySchema,
    contentType: 'text/csv',
  },
  {
    method: 'get',
    route: '/api/apps/[appId]/badge.svg',
    summary: 'One version as a status badge (SVG) for wikis and READMEs; a signed link (exp, sig) needs no identity',
    role: 'viewer',
    params: appParams,
    query: statusImageQuerySchema,
    contentType: 'image/svg+xml',
  },
  {
    method: 'get',
    route: '/api/apps/[appId]/status.png',
    summary: 'One version as the status image its link unfurls with (PNG); a signed link (exp, sig) needs no identity',
    role: 'viewer',
    params: appParams,
    query: statusImageQuerySchema,
    contentType: 'image/png',
  },
  {
    method: 'get',
    route: '/api/apps/[appId]/push-status',
    summary: 'One version: pre-push status per region',
    role: 'viewer',
    params: appParams,
    query: versionQuerySchema,
    response: pushStatusResponseSchema,
  },
  {
    method: 'get',
    route: '/api/apps/[appId]/pushes',
    summary: 'The push audit log, newest first',
    role: 'viewer',
    params: appParams,
    query: pushListQuerySchema,
    response: pushListResponseSchema,
  },
  {
    method: 'get',
    route: '/api/apps/[appId]/pushes/outside',
    summary: "Pushes ENS reports for this application's files that this dashboard did not make",
    role: 'viewer',
    params: appParams,
    query: outsidePushesQuerySchema,
    response: outsidePushesResponseSchema,
  },
  {
    method: 'post',
    route: '/api/apps/[appId]/pushes',
    summary:
      'Push data files (PushApplicationData), optionally distributing them region by region; 409 naming the rollout when an active staged rollout drives one of the file versions',
    role: 'operator',
    params: appParams,
    body: pushBodySchema,
    status: 201,
    response: pushOutcomeSchema,
  },
  {
    method: 'post',
    route: '/api/apps/[appId]/distributions',
    summary:
      'Distribute pushed files to instances (DistApplicationData); 409 naming the rollout when an active staged rollout drives one of the file versions',
    role: 'operator',
    params: appParams,
    body: distributionBodySchema,
    status: 201,
    response: distributionOutcomeSchema,
  },
  {
    method: 'post',
    route: '/api/apps/[appId]/cleans',
    summary:
      'Remove one distributed version from chosen regions (CleanDistData, one call per region); 409 naming the rollout when an active staged rollout drives one of the file versions',
    role: 'operator',
    params: appParams,
    body: cleanBodySchema,
    status: 201,
    response: cleanOutcomeSchema,
  },
  {
    method: 'post',
    route: '/api/apps/[appId]/rollouts',
    summary:
      'Create and start a staged rollout (idempotency key as for pushes; 409 while another rollout of a file is active)',
    role: 'operator',
    params: appParams,
    body: createRolloutBodySchema,
    status: 201,
    response: createRolloutAnswerSchema,
  },
  {
    method: 'get',
    route: '/api/apps/[appId]/rollouts',
    summary: "An application's rollouts, those waiting for a person first",
    role: 'viewer',
    params: appParams,
    query: rolloutListQuerySchema,
    response: rolloutListSchema,
  },
  {
    method: 'get',
    route: '/api/rollouts',
    summary: "Every application's rollouts, those waiting for a person first",
    role: 'viewer',
    query: rolloutListQuerySchema,
    response: rolloutListSchema,
  },
  {
    method: 'get',
    route: '/api/apps/[appId]/rollouts/[rolloutId]',
    summary: 'A rollout: plan, states, the live gate numbers per stage, and its timeline',
    role: 'viewer',
    params: rolloutParams,
    response: rolloutViewSchema,
  },
  {
    method: 'post',
    route: '/api/apps/[appId]/rollouts/[rolloutId]/[action]',
    summary: `A manual action with its reason (${ROLLOUT_ACTIONS.filter((a) => a !== 'approve').join(', ')}); 409 with the current state when it does not admit it`,
    role: 'operator',
    params: rolloutParams.extend({ action: z.enum(ROLLOUT_ACTIONS.filter((a) => a !== 'approve')) }),
    body: rolloutActionBodySchema,
    response: rolloutViewSchema,
  },
  {
    method: 'post',
    route: '/api/apps/[appId]/rollouts/[rolloutId]/approve',
    summary:
      'Approve the start or the current stage (an approver other than the creator, unless self-approval is allowed)',
    role: 'approver',
    params: rolloutParams,
    body: rolloutActionBodySchema,
    response: rolloutViewSchema,
  },
  {
    method: 'get',
    route: '/api/apps/[appId]/rollouts/[rolloutId]/rollback-preview',
    summary: 'What a rollback would do: which instances get which version back, and where the new one is cleaned',
    role: 'viewer',
    params: rolloutParams,
    response: rollbackPreviewSchema,
  },
  {
    method: 'get',
    route: '/api/apps/[appId]/rollout-plans',
    summary: 'Rollout plans saved for the application',
    role: 'viewer',
    params: appParams,
    response: z.object({ plans: z.array(savedPlanSchema) }),
  },
  {
    method: 'post',
    route: '/api/apps/[appId]/rollout-plans',
    summary: 'Save a rollout plan (replaces one of the same name)',
    role: 'operator',
    params: appParams,
    body: savedPlanBodySchema,
    status: 201,
    response: savedPlanSchema,
  },
  {
    method: 'get',
    route: '/api/apps/[appId]/channels',
    summary: "The application's notification channels (URLs masked, never a secret)",
    role: 'admin',
    params: appParams,
    response: channelListSchema,
  },
  {
    method: 'post',
    route: '/api/apps/[appId]/channels',
    summary: 'Add a notification channel (URL checked: https, no private addresses unless WEBHOOK_ALLOWED_HOSTS)',
    role: 'admin',
    params: appParams,
    body: createChannelBodySchema,
    status: 201,
    response: createdChannelSchema,
  },
  {
    method: 'delete',
    route: '/api/apps/[appId]/channels/[channelId]',
    summary: 'Remove a notification channel and its delivery log',
    role: 'admin',
    params: channelParams,
    response: z.object({ deleted: z.literal(true) }),
  },
  {
    method: 'post',
    route: '/api/apps/[appId]/channels/[channelId]/test',
    summary: "Send a test message now; answers the delivery's outcome",
    role: 'admin',
    params: channelParams,
    response: testOutcomeSchema,
  },
  {
    method: 'get',
    route: '/api/apps/[appId]/channels/[channelId]/deliveries',
    summary: "The channel's delivery log: its last 100 attempts, newest first",
    role: 'admin',
    params: channelParams,
    response: deliveryLogSchema,
  },
  {
    method: 'get',
    route: '/api/tokens',
    summary: 'API tokens (never their values)',
    role: 'admin',
    response: tokenListSchema,
  },
  {
    method: 'post',
    route: '/api/tokens',
    summary: 'Create an API token; its value is in this answer only',
    role: 'admin',
    body: createTokenBodySchema,
    status: 201,
    response: createdTokenSchema,
  },
  {
    method: 'delete',
    route: '/api/tokens/[tokenId]',
    summary: 'Revoke an API token',
    role: 'admin',
    params: tokenParams,
    status: 204,
  },
  { method: 'get', route: '/api/openapi.json', summary: 'This document', role: 'viewer' },
  {
    method: 'get',
    route: '/api/auth/sign-in',
    summary: 'Start an OIDC sign-in (AUTH_MODE=oidc), redirecting to the provider',
    role: 'public',
    status: 302,
  },
  { method: 'get', route: '/api/auth/callback', summary: 'The OIDC redirect URI', role: 'public', status: 303 },
  { method: 'post', route: '/api/auth/sign-out', summary: 'End the OIDC session', role: 'public', status: 303 },
];

const jsonSchema = (schema: z.ZodType) =>
  z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any', target: 'draft-2020-12' });

function parameters(schema: ZodObjectLike | undefined, where: 'path' | 'query') {
  if (!schema) return [];
  return Object.entries(schema.shape).map(([name, field]) => {
    const { $schema: _ignored, ...fieldSchema } = jsonSchema(field as z.ZodType) as Record<string, unknown>;
    return {
      name,
      in: where,
      required: where === 'path' || !(field as z.ZodType).safeParse(undefined).success,
      schema: fieldSchema,
    };
  });
}

function strip(schema: z.ZodType): Record<string, unknown> {
  const { $schema: _ignored, ...rest } = jsonSchema(schema) as Record<string, unknown>;
  return rest;
}

export const openApiPath = (route: string) => route.replace(/\[(\w+)\]/g, '{$1}');

export function openApiDocument(): Record<string, unknown> {
  const error = { content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } };
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of OPERATIONS) {
    const status = String(op.status ?? 200);
    const content = op.contentType
      ? { [op.contentType]: { schema: { type: 'string' } } }
      : op.response
        ? { 'application/json': { schema: strip(op.response) } }
        : undefined;
    (paths[openApiPath(op.route)] ??= {})[op.method] = {
      summary: op.summary,
      'x-required-role': op.role,
      security: op.role === 'public' ? [] : [{ apiToken: [] }],
      parameters: [...parameters(op.params, 'path'), ...parameters(op.query, 'query')],
      ...(op.body
        ? { requestBody: { required: true, content: { 'application/json': { schema: strip(op.body) } } } }
        : {}),
      responses: {
        [status]: { description: op.summary, ...(content ? { content } : {}) },
        ...(op.params || op.query || op.body
          ? { '400': { description: 'The request is not valid; every problem is listed by field', ...error } }
          : {}),
        ...(op.role === 'public'
          ? {}
          : {
              '401': { description: 'No valid identity', ...error },
              '403': { description: `Needs the ${op.role} role`, ...error },
            }),
        ...(op.method === 'post' && op.route.startsWith('/api/apps')
          ? { '429': { description: 'Too many writes by this actor, or ENS throttled; see Retry-After', ...error } }
          : {}),
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'ENS Rollout Dashboard API',
      version: '1',
      description:
        'Push data files to Alibaba Cloud ENS edge instances and watch the rollout. Automation authenticates with an API token: `Authorization: Bearer ens_…`.',
    },
    paths,
    components: {
      securitySchemes: {
        apiToken: {
          type: 'http',
          scheme: 'bearer',
          description: 'An API token created by an admin under Settings → API tokens (ens_…)',
        },
      },
      schemas: { Error: strip(errorResponseSchema) },
    },
  };
}
