/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // Native and CommonJS-heavy server packages stay external to the server bundle.
  serverExternalPackages: ['better-sqlite3', 'pg', '@alicloud/openapi-client', '@alicloud/credentials'],
};

module.exports = nextConfig;
