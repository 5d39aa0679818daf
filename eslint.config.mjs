import nextVitals from 'eslint-config-next/core-web-vitals';
import nextTs from 'eslint-config-next/typescript';

/*
 * Layers import downwards only (README "Layout"). Each zone names a folder and the
 * folders it may not import from; `import/no-cycle` refuses cycles between files.
 *
 *   lib/config.ts      environment
 *   lib/ens            the ENS wire                  ← config
 *   lib/domain         pure, isomorphic vocabulary   ← ens (types and pure schemas)
 *   lib/db             persistence                   ← config, domain
 *   lib/contracts      API request/response schemas  ← ens, domain
 *   lib/server         server-only logic             ← all of the above
 *   lib/client         browser infrastructure        ← domain, contracts
 *   components         shared presentational React   ← domain, client
 *   features           browser code per feature      ← domain, contracts, client, components
 *   app                routes                        ← everything but the simulator
 *   lib/simulator      a stand-alone ENS             ← nothing of the dashboard
 */
const dashboard = [
  'app',
  'components',
  'features',
  'lib/config.ts',
  'lib/ens',
  'lib/domain',
  'lib/db',
  'lib/contracts',
  'lib/server',
  'lib/client',
];
const above = (...layers) => layers.map((from) => `./${from}`);
const zones = [
  {
    target: './lib/ens',
    from: above(
      'lib/domain',
      'lib/db',
      'lib/contracts',
      'lib/server',
      'lib/client',
      'lib/simulator',
      'components',
      'features',
      'app',
    ),
  },
  {
    target: './lib/domain',
    from: above(
      'lib/db',
      'lib/contracts',
      'lib/server',
      'lib/client',
      'lib/simulator',
      'components',
      'features',
      'app',
      'lib/config.ts',
      'lib/ens/client.ts',
      'lib/ens/connection.ts',
      'lib/ens/inventory.ts',
      'lib/ens/fetch-all.ts',
    ),
  },
  {
    target: './lib/db',
    from: above(
      'lib/ens',
      'lib/contracts',
      'lib/server',
      'lib/client',
      'lib/simulator',
      'components',
      'features',
      'app',
    ),
  },
  {
    target: './lib/contracts',
    from: above(
      'lib/db',
      'lib/server',
      'lib/client',
      'lib/simulator',
      'components',
      'features',
      'app',
      'lib/config.ts',
      'lib/ens/client.ts',
    ),
  },
  { target: './lib/server', from: above('lib/client', 'lib/simulator', 'components', 'features', 'app') },
  {
    target: './lib/client',
    from: above('lib/config.ts', 'lib/ens', 'lib/db', 'lib/server', 'lib/simulator', 'components', 'features', 'app'),
  },
  {
    target: './components',
    from: above('lib/config.ts', 'lib/ens', 'lib/db', 'lib/server', 'lib/simulator', 'features', 'app'),
  },
  {
    target: './features',
    from: above('lib/config.ts', 'lib/ens/client.ts', 'lib/db', 'lib/server', 'lib/simulator', 'app'),
  },
  { target: './app', from: above('lib/simulator') },
  { target: './lib/simulator', from: above(...dashboard) },
];

const config = [
  ...nextVitals,
  ...nextTs,
  {
    ignores: ['.next/**', 'node_modules/**', 'data/**', 'test-results/**', 'playwright-report/**', 'next-env.d.ts'],
  },
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'import/no-cycle': ['error', { ignoreExternal: true }],
      'import/no-self-import': 'error',
      'import/no-restricted-paths': ['error', { zones }],
    },
  },
  {
    // Tests may drive the simulator and any layer they test against.
    files: ['**/*.test.ts', '**/*.test.tsx', '**/test-*.ts', '**/testing/**'],
    rules: { 'import/no-restricted-paths': 'off' },
  },
];

export default config;
