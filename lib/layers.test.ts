import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ESLint } from 'eslint';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';

/*
 * The layering rules of eslint.config.mjs, exercised on code that breaks them: a new
 * upward import or cycle fails `npm test`'s lint step, and these prove the rules
 * would catch one (a zone typo would make them silently pass everything).
 */
let eslint: ESLint;
let zonesOnly: ESLint;
beforeAll(() => {
  eslint = new ESLint({ cwd: process.cwd() });
  // import/no-cycle reads every module from disk and cannot lint text of a file that does not exist.
  zonesOnly = new ESLint({ cwd: process.cwd(), overrideConfig: { rules: { 'import/no-cycle': 'off' } } });
});

const probeDir = join('lib', 'domain', `layer-probe-${process.pid}`);
afterAll(() => rmSync(probeDir, { recursive: true, force: true }));

async function layerErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await zonesOnly.lintText(code, { filePath });
  return (result?.messages ?? [])
    .filter((m) => m.ruleId === 'import/no-restricted-paths' || m.ruleId === 'import/no-cycle')
    .map((m) => m.ruleId ?? '');
}

describe('layers', () => {
  test.each([
    [
      'the wire imports the server',
      'lib/ens/probe.ts',
      "import { toErrorResponse } from '@/lib/server/http';\nexport const x = toErrorResponse;\n",
    ],
    [
      'the domain imports a contract',
      'lib/domain/probe.ts',
      "import { instanceQuerySchema } from '@/lib/contracts/instance-params';\nexport const x = instanceQuerySchema;\n",
    ],
    [
      'the database imports the server',
      'lib/db/probe.ts',
      "import { identify } from '@/lib/server/auth/identify';\nexport const x = identify;\n",
    ],
    [
      'a feature imports the server',
      'features/push/probe.ts',
      "import { createPush } from '@/lib/server/pushes';\nexport const x = createPush;\n",
    ],
    [
      'a shared component imports a feature',
      'components/ui/probe.tsx',
      "import { KpiGrid } from '@/features/monitoring/components/kpi-grid';\nexport const x = KpiGrid;\n",
    ],
    [
      'a route imports the simulator',
      'app/probe.ts',
      "import { startSimulator } from '@/lib/simulator/server';\nexport const x = startSimulator;\n",
    ],
    [
      'the simulator imports the dashboard',
      'lib/simulator/probe.ts',
      "import { DIST_STATUSES } from '@/lib/ens/models';\nexport const x = DIST_STATUSES;\n",
    ],
  ])(
    '%s is refused',
    async (_, filePath, code) => {
      expect(await layerErrors(filePath, code)).toContain('import/no-restricted-paths');
    },
    60_000,
  );

  test('a downward import passes', async () => {
    const code = "import { statusFigures } from '@/lib/domain/status';\nexport const x = statusFigures;\n";
    expect(await layerErrors('features/monitoring/probe.ts', code)).toEqual([]);
  }, 60_000);

  test('a new cycle between two modules is refused', async () => {
    mkdirSync(probeDir, { recursive: true });
    writeFileSync(join(probeDir, 'a.ts'), "import { b } from './b';\nexport const a = () => b;\n");
    writeFileSync(join(probeDir, 'b.ts'), "import { a } from './a';\nexport const b = () => a;\n");
    const results = await eslint.lintFiles([join(probeDir, 'a.ts'), join(probeDir, 'b.ts')]);
    const rules = results.flatMap((r) => r.messages.map((m) => m.ruleId));
    expect(rules.filter((r) => r === 'import/no-cycle')).toHaveLength(2);
  }, 60_000);
});
