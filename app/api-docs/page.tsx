import type { Metadata } from 'next';
import { connection } from 'next/server';
import { OPERATIONS, openApiDocument, openApiPath } from '@/lib/server/openapi';

export const metadata: Metadata = { title: 'API reference' };

type Doc = {
  paths: Record<
    string,
    Record<
      string,
      {
        parameters: { name: string; in: string; required: boolean; schema: unknown }[];
        requestBody?: { content: Record<string, { schema: unknown }> };
      }
    >
  >;
};

/** A readable rendering of /api/openapi.json: one section per operation. */
export default async function ApiDocsPage() {
  await connection();
  const doc = openApiDocument() as Doc;
  return (
    <div className="page">
      <div className="page-head">
        <div>
          <h1>API reference</h1>
          <p>
            The machine-readable document is <a href="/api/openapi.json">/api/openapi.json</a> (OpenAPI 3.1). Automation
            authenticates with an API token: <code>Authorization: Bearer ens_…</code>. Errors are{' '}
            <code>{'{ error: { code, message, issues? } }'}</code>, with every invalid field listed.
          </p>
        </div>
      </div>
      <div className="stack">
        {OPERATIONS.map((op) => {
          const path = openApiPath(op.route);
          const detail = doc.paths[path]?.[op.method];
          const body = detail?.requestBody?.content['application/json']?.schema;
          return (
            <section
              key={`${op.method} ${path}`}
              className="card card-pad"
              aria-label={`${op.method.toUpperCase()} ${path}`}
            >
              <h2>
                <code>
                  {op.method.toUpperCase()} {path}
                </code>
              </h2>
              <p>
                {op.summary}. Needs:{' '}
                <strong>{op.role === 'public' ? 'nothing (public)' : `the ${op.role} role`}</strong>.
              </p>
              {detail && detail.parameters.length > 0 ? (
                <table className="data">
                  <thead>
                    <tr>
                      <th>Parameter</th>
                      <th>In</th>
                      <th>Required</th>
                      <th>Schema</th>
                    </tr>
                  </thead>
                  <tbody>
                    {detail.parameters.map((p) => (
                      <tr key={`${p.in} ${p.name}`}>
                        <td>
                          <code>{p.name}</code>
                        </td>
                        <td>{p.in}</td>
                        <td>{p.required ? 'yes' : 'no'}</td>
                        <td>
                          <code>{JSON.stringify(p.schema)}</code>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              ) : null}
              {body ? (
                <details>
                  <summary>Request body (JSON Schema)</summary>
                  <pre>{JSON.stringify(body, null, 2)}</pre>
                </details>
              ) : null}
            </section>
          );
        })}
      </div>
    </div>
  );
}
