import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { listItemProblem } from '@/lib/ens/field-rules';
import { toInputIssues } from '@/lib/ens/issues';
import { checkStageRegions, createRolloutBodySchema } from './rollouts';

/*
 * Hostile rollout bodies (the contract of POST /rollouts, ahead of its route): whatever
 * comes in, the contract answers with issues located by field path or a body whose
 * files follow the field rules (docs/field-rules.md), and never throws.
 */

const REGIONS = ['cn-hangzhou-1', 'cn-beijing-2', 'cn-shanghai-3'];
const hostileText = fc.oneof(
  fc.constantFrom(
    'a,b',
    'x-\u202egz.exe',
    'app\u200b01',
    'app\ud800',
    '=cmd',
    '',
    'ok.tar.gz',
    '1.0.0',
    'n'.repeat(300),
  ),
  fc.string({ maxLength: 20 }),
  fc.string({ unit: 'binary', maxLength: 10 }),
);
const mostly = <T, U>(valid: T, hostile: fc.Arbitrary<U>) =>
  fc.oneof({ arbitrary: fc.constant(valid), weight: 4 }, { arbitrary: hostile, weight: 1 });
const file = fc.record({
  name: mostly('ok.tar.gz', hostileText),
  version: mostly('1.0.0', hostileText),
  size: mostly(1024, fc.oneof(fc.constantFrom(0.5, 1e308, -1), fc.double())),
  archiveType: mostly('tar.gz', hostileText),
  md5: fc.constant(''),
  url: mostly('https://files.example.com/a.tar.gz', fc.constantFrom('http://169.254.169.254/', 'javascript:alert(1)')),
  timeout: mostly(600, fc.integer()),
});
const strategy = fc.oneof(
  fc.constant(null),
  fc
    .record({
      name: fc.constant('ScheduleToRegionId'),
      operator: fc.constantFrom('In', 'NotIn'),
      values: fc.array(fc.oneof(fc.constantFrom(...REGIONS), hostileText), { maxLength: 4 }),
    })
    .map((p) => [p]),
  fc.jsonValue({ maxDepth: 2 }),
);
const stage = fc.record(
  {
    name: mostly('canary', hostileText),
    strategy,
    bakeSeconds: fc.option(fc.oneof(fc.integer(), fc.double()), { nil: undefined }),
  },
  { requiredKeys: ['name', 'strategy'] },
);

describe('hostile rollout bodies', () => {
  test('answer issues by field path, or a body whose files follow the field rules; never a throw', () => {
    fc.assert(
      fc.property(
        fc.record({
          data: mostly(undefined, fc.jsonValue({ maxDepth: 2 })).chain((odd) =>
            odd === undefined ? fc.array(file, { minLength: 1, maxLength: 1 }) : fc.constant(odd),
          ),
          distribute: fc.constant({ destPath: '/root/installed', decompress: true, timeout: 600 }),
          stages: fc.array(stage, { maxLength: 4 }),
        }),
        (body) => {
          const parsed = createRolloutBodySchema.safeParse(body);
          if (!parsed.success) {
            for (const issue of toInputIssues(parsed.error)) expect(issue.message.length).toBeGreaterThan(0);
            return;
          }
          for (const f of parsed.data.data) {
            expect(listItemProblem('name', f.name)).toBeUndefined();
            expect(listItemProblem('version', f.version)).toBeUndefined();
            expect(Number.isSafeInteger(f.size)).toBe(true);
          }
          const { issues } = checkStageRegions(parsed.data.stages, REGIONS);
          for (const issue of issues) expect(issue.path[0]).toBe('stages');
        },
      ),
      { numRuns: 400 },
    );
  });
});
