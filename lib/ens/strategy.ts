import { z } from 'zod';
import { toInputIssues, type InputIssue } from './issues';

/*
 * The canary strategy: which ENS regions (nodes) a push and its distribution reach.
 * Browser-safe: the strategy builder previews with the same code the route compiles with.
 *
 * ENS documents exactly one form per action (docs/ens.md §2): PushStrategy
 * `ScheduleToRegionId` with operator `In`, DistStrategy `ScheduleToAllByMatchExpressions`
 * on key `region_id` with operator `In`. `NotIn` is not documented, so it never goes on
 * the wire: it is resolved here into `In` over the application's other regions.
 */

export const STRATEGY_POLICY_NAMES = ['ScheduleToRegionId'] as const;
export const STRATEGY_OPERATORS = ['In', 'NotIn'] as const;
export type StrategyOperator = (typeof STRATEGY_OPERATORS)[number];
export const MAX_POLICIES = 20;
/** No application has more regions than this; a longer list is a mistake or an attack. */
export const MAX_STRATEGY_VALUES = 1_000;

// ENS node ids look like cn-wuhan-telecom_unicom_cmcc-2. A comma or quote would corrupt
// the comma-separated and JSON parameters they end up in.
const REGION_ID = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

export const regionIdSchema = z
  .string({ error: 'region id must be text' })
  .regex(REGION_ID, 'region id must be letters, digits, - _ or . (at most 64), such as cn-chengdu-telecom-4');

export const strategyPolicySchema = z.strictObject({
  name: z.enum(STRATEGY_POLICY_NAMES, { error: `name must be ${STRATEGY_POLICY_NAMES.join(' or ')}` }),
  operator: z.enum(STRATEGY_OPERATORS, { error: `operator must be ${STRATEGY_OPERATORS.join(' or ')}` }),
  values: z
    .array(regionIdSchema, { error: 'values must be a list of region ids' })
    .min(1, 'values must list at least one region')
    .max(MAX_STRATEGY_VALUES, `values must list at most ${MAX_STRATEGY_VALUES} regions`)
    .superRefine((values, ctx) => {
      // One pass with a set: a quadratic check let one request hold the server for seconds.
      const seen = new Set<string>();
      values.forEach((v, i) => {
        if (seen.has(v)) ctx.addIssue({ code: 'custom', path: [i], message: `values lists region ${v} twice` });
        seen.add(v);
      });
    }),
});
export type StrategyPolicy = z.output<typeof strategyPolicySchema>;

/** `null` means every region of the application, and must be chosen explicitly. */
export const strategySchema = z
  .array(strategyPolicySchema, { error: 'strategy must be a list of policies, or null for every region' })
  .min(1, 'strategy must list at least one policy, or be null for every region')
  .max(MAX_POLICIES, `strategy must list at most ${MAX_POLICIES} policies`)
  .nullable();
export type Strategy = z.output<typeof strategySchema>;

/**
 * Every problem with a strategy, paths rooted at `strategy` (`['strategy', 0, 'values', 2]`):
 * shape, regions the application does not have, and a strategy that selects nothing.
 */
export function validateStrategy(policies: unknown, knownRegionIds: readonly string[]): InputIssue[] {
  const parsed = strategySchema.safeParse(policies);
  if (!parsed.success) return toInputIssues(parsed.error, ['strategy']);
  if (parsed.data === null) return [];
  const known = new Set(knownRegionIds);
  const issues: InputIssue[] = [];
  parsed.data.forEach((policy, p) => {
    if (policy.values.length > known.size) {
      issues.push({
        path: ['strategy', p, 'values'],
        message: `values lists ${policy.values.length} regions; this application has ${known.size}`,
      });
    }
  });
  if (issues.length > 0) return issues;
  parsed.data.forEach((policy, p) =>
    policy.values.forEach((v, i) => {
      if (!known.has(v))
        issues.push({ path: ['strategy', p, 'values', i], message: `region ${v} is not a region of this application` });
    }),
  );
  if (issues.length === 0 && resolveRegions(parsed.data, knownRegionIds).length === 0) {
    issues.push({ path: ['strategy'], message: 'strategy selects no region; widen it or use every region' });
  }
  return issues;
}

/**
 * The regions a strategy selects, in the order of `allRegionIds`: the intersection of
 * every policy's set (In keeps the listed regions, NotIn keeps the others).
 */
export function resolveRegions(policies: readonly StrategyPolicy[] | null, allRegionIds: readonly string[]): string[] {
  const unique = [...new Set(allRegionIds)];
  if (policies === null) return unique;
  const sets = policies.map((p) => ({ keep: p.operator === 'In', values: new Set(p.values) }));
  return unique.filter((region) => sets.every((p) => p.values.has(region) === p.keep));
}

/** A strategy that cannot be compiled; `issues` say why, in the validateStrategy() form. */
export class StrategyError extends Error {
  readonly issues: InputIssue[];
  constructor(issues: InputIssue[]) {
    super(issues[0]?.message ?? 'invalid strategy');
    this.name = 'StrategyError';
    this.issues = issues;
  }
}

/**
 * The PushStrategy JSON: always the single documented `ScheduleToRegionId` / `In` policy
 * with the explicit region list, also for `null` (every region), so the preview shows
 * exactly which regions receive the file. Throws StrategyError when invalid or empty.
 */
export function toPushStrategyJson(
  policies: readonly StrategyPolicy[] | null,
  allRegionIds: readonly string[],
): string {
  const values = compile(policies, allRegionIds);
  return JSON.stringify({ name: 'ScheduleToRegionId', parameters: { operator: 'In', values } });
}

/** The DistStrategy JSON for an explicit region list (the regions whose pre-push succeeded). */
export function toDistStrategyJson(regionIds: readonly string[]): string {
  const values = [...new Set(regionIds)];
  if (values.length === 0)
    throw new StrategyError([{ path: ['strategy'], message: 'a distribution needs at least one region' }]);
  const bad = values.findIndex((v) => !REGION_ID.test(v));
  if (bad >= 0)
    throw new StrategyError([{ path: ['strategy', bad], message: `region id ${values[bad]} is not valid` }]);
  return JSON.stringify({
    name: 'ScheduleToAllByMatchExpressions',
    parameters: { match_expressions: [{ key: 'region_id', operator: 'In', values }] },
  });
}

function compile(policies: readonly StrategyPolicy[] | null, allRegionIds: readonly string[]): string[] {
  const issues = validateStrategy(policies, allRegionIds);
  if (issues.length > 0) throw new StrategyError(issues);
  const values = resolveRegions(policies, allRegionIds);
  if (values.length === 0)
    throw new StrategyError([{ path: ['strategy'], message: 'the application has no regions to push to' }]);
  return values;
}
