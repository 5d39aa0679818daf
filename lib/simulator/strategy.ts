/**
 * PushStrategy / DistStrategy: only the documented forms (docs/ens.md §2) are
 * accepted, since anything else is unverified against the real service and a
 * fake that accepted it would hide a client bug.
 */
import { invalidParameter } from './errors';
import type { App, FleetRegion } from './fleet';

export type StrategyField = 'PushStrategy' | 'DistStrategy';

type Json = unknown;

function isObject(value: Json): value is Record<string, Json> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function regionValues(field: StrategyField, where: string, values: Json): string[] {
  if (!Array.isArray(values) || values.length === 0 || !values.every((v) => typeof v === 'string' && v !== '')) {
    throw invalidParameter(field, `${where}.values must be a non-empty array of ENS region ids.`);
  }
  return values as string[];
}

function checkIn(field: StrategyField, where: string, operator: Json): void {
  if (operator !== 'In') {
    throw invalidParameter(field, `${where}.operator ${JSON.stringify(operator)} is not supported; only "In" is.`);
  }
}

function scheduleToRegionId(field: StrategyField, where: string, parameters: Record<string, Json>): Set<string> {
  checkIn(field, `${where}.parameters`, parameters.operator);
  return new Set(regionValues(field, `${where}.parameters`, parameters.values));
}

/** Expressions within one policy all apply (intersection), as Kubernetes match expressions do. */
function scheduleByMatchExpressions(
  field: StrategyField,
  where: string,
  parameters: Record<string, Json>,
): Set<string> {
  const expressions = parameters.match_expressions;
  if (!Array.isArray(expressions) || expressions.length === 0) {
    throw invalidParameter(field, `${where}.parameters.match_expressions must be a non-empty array.`);
  }
  let selected: Set<string> | null = null;
  expressions.forEach((expression: Json, i) => {
    const at = `${where}.parameters.match_expressions[${i}]`;
    if (!isObject(expression)) throw invalidParameter(field, `${at} must be an object.`);
    if (expression.key !== 'region_id') {
      throw invalidParameter(
        field,
        `${at}.key ${JSON.stringify(expression.key)} is not supported; only "region_id" is.`,
      );
    }
    checkIn(field, at, expression.operator);
    const values = new Set(regionValues(field, at, expression.values));
    selected = selected === null ? values : new Set([...(selected as Set<string>)].filter((r) => values.has(r)));
  });
  return selected ?? new Set();
}

function policyRegions(field: StrategyField, where: string, policy: Json): Set<string> {
  if (!isObject(policy) || !isObject(policy.parameters)) {
    throw invalidParameter(field, `${where} must be an object {"name", "parameters"}.`);
  }
  if (policy.name === 'ScheduleToRegionId') return scheduleToRegionId(field, where, policy.parameters);
  if (policy.name === 'ScheduleToAllByMatchExpressions')
    return scheduleByMatchExpressions(field, where, policy.parameters);
  throw invalidParameter(
    field,
    `${where}.name ${JSON.stringify(policy.name)} is not supported; use "ScheduleToRegionId" or "ScheduleToAllByMatchExpressions".`,
  );
}

function parseJson(field: StrategyField, raw: string): Json {
  try {
    return JSON.parse(raw) as Json;
  } catch {
    throw invalidParameter(field, `${field} is not valid JSON.`);
  }
}

/**
 * The app's nodes a strategy selects, in region-id order. No strategy selects
 * them all. An array of policies selects the union of what each selects.
 */
export function selectRegions(field: StrategyField, raw: string | undefined, app: App): FleetRegion[] {
  if (raw === undefined) return [...app.regions];
  const parsed = parseJson(field, raw);
  const policies = Array.isArray(parsed) ? parsed : [parsed];
  if (policies.length === 0) throw invalidParameter(field, `${field} must hold at least one policy.`);
  const wanted = new Set<string>();
  policies.forEach((policy, i) => {
    const where = Array.isArray(parsed) ? `policy[${i}]` : 'policy';
    for (const id of policyRegions(field, where, policy)) wanted.add(id);
  });
  const unknown = [...wanted].filter((id) => !app.regionById.has(id)).sort();
  if (unknown.length > 0) {
    throw invalidParameter(
      field,
      `Region ${unknown.join(', ')} is not a region of application ${app.name} (${app.id}).`,
    );
  }
  if (wanted.size === 0) throw invalidParameter(field, `${field} selects no region.`);
  return app.regions.filter((r) => wanted.has(r.region.id));
}
