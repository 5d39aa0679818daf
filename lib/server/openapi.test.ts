import { readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { describe, expect, test } from 'vitest';
import { OPERATIONS, openApiDocument } from './openapi';

function routeFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? routeFiles(join(dir, e.name)) : e.name === 'route.ts' ? [join(dir, e.name)] : [],
  );
}

describe('the OpenAPI document', () => {
  test('describes every route handler with the role its rule requires', async () => {
    const app = join(process.cwd(), 'app');
    const described = Object.fromEntries(OPERATIONS.map((op) => [`${op.method.toUpperCase()} ${op.route}`, op.role]));
    const actual: Record<string, string> = {};
    for (const file of routeFiles(join(app, 'api'))) {
      const route = '/' + relative(app, file).split(sep).slice(0, -1).join('/');
      const handlers = (await import(/* @vite-ignore */ file)) as Record<string, { requirement?: string }>;
      for (const method of ['GET', 'POST', 'PUT', 'PATCH', 'DELETE']) {
        if (handlers[method]) actual[`${method} ${route}`] = handlers[method].requirement ?? 'NO RULE';
      }
    }
    expect(described).toEqual(actual);
  });

  test('is OpenAPI 3.1 with the request schemas the routes parse', () => {
    const doc = openApiDocument() as {
      openapi: string;
      paths: Record<
        string,
        Record<
          string,
          {
            parameters: { name: string; in: string; required: boolean }[];
            requestBody?: {
              content: Record<string, { schema: { properties?: Record<string, unknown>; required?: string[] } }>;
            };
          }
        >
      >;
    };
    expect(doc.openapi).toBe('3.1.0');
    const push = doc.paths['/api/apps/{appId}/pushes']!.post!;
    expect(push.parameters).toEqual([expect.objectContaining({ name: 'appId', in: 'path', required: true })]);
    const body = push.requestBody!.content['application/json']!.schema;
    expect(Object.keys(body.properties ?? {})).toEqual(
      expect.arrayContaining(['data', 'strategy', 'idempotencyKey', 'distribute']),
    );
    expect(body.required).toEqual(expect.arrayContaining(['data', 'strategy']));
    const list = doc.paths['/api/apps/{appId}/pushes']!.get!;
    expect(list.parameters.find((p) => p.name === 'limit')).toMatchObject({ in: 'query', required: false });
    expect(JSON.stringify(doc)).not.toMatch(/"\$schema"/);
  });
});
