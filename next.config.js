/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  experimental: {
    // A page's stylesheets come inside its HTML (the whole app's are 48 KB, 10 KB
    // compressed): the first paint no longer waits for stylesheet requests that, on a
    // server busy reading a 100,000-instance version, queue behind that read
    // (e2e/bench/README.md).
    inlineCss: true,
  },
  // The image ships .next/standalone (server.js and the traced node_modules) only.
  output: 'standalone',
  // Native and CommonJS-heavy server packages stay external to the server bundle;
  // pino and prom-client keep one instance per process (one registry, one logger).
  serverExternalPackages: [
    'better-sqlite3',
    'pg',
    '@alicloud/openapi-client',
    '@alicloud/credentials',
    'pino',
    'prom-client',
  ],
  // The embedded simulator runs as a child process from its TypeScript sources (with
  // tsx), which no import reaches: the standalone output must carry them.
  outputFileTracingIncludes: {
    '/*': [
      './lib/simulator/**/*.ts',
      './node_modules/tsx/**/*',
      './node_modules/esbuild/**/*',
      './node_modules/@esbuild/**/*',
      './node_modules/zod/**/*',
    ],
  },
};

module.exports = nextConfig;
