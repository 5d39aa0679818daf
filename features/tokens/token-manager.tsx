'use client';

import { useState, type FormEvent } from 'react';
import { CopyButton } from '@/components/ui/copy-button';
import { RecordManager, useRecordList } from '@/components/ui/record-manager';
import type { TokenView } from '@/lib/contracts/tokens';
import { ROLES } from '@/lib/domain/roles';
import { fetchJson } from '@/lib/client/fetch-json';

interface Props {
  initial: TokenView[];
  apps: { appId: string; name: string }[];
  /** The server's clock when the page was rendered: server and browser render the same "expired". */
  now: number;
}

const dateTime = (ms: number | null, none: string) =>
  ms === null ? none : new Date(ms).toISOString().replace('T', ' ').slice(0, 16) + ' UTC';

/** The token list with create and revoke. A new token's value lives only in this component's state. */
export function TokenManager({ initial, apps, now }: Props) {
  const list = useRecordList(initial, async () => (await fetchJson<{ tokens: TokenView[] }>('/api/tokens')).tokens);
  const [created, setCreated] = useState<{ name: string; value: string } | null>(null);

  async function create(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const days = String(form.get('expiresInDays') ?? '');
    await list.act(
      async () => {
        const answer = await fetchJson<{ token: TokenView; value: string }>('/api/tokens', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            name: String(form.get('name') ?? ''),
            role: String(form.get('role') ?? ''),
            appId: form.get('appId') ? String(form.get('appId')) : null,
            expiresInDays: days === 'never' ? null : Number(days),
          }),
        });
        setCreated({ name: answer.token.name, value: answer.value });
        await list.reload();
      },
      'The token could not be created.',
      true,
    );
  }

  const revoke = (token: TokenView) =>
    list.act(async () => {
      await fetchJson<unknown>(`/api/tokens/${encodeURIComponent(token.id)}`, { method: 'DELETE' });
      await list.reload();
    }, 'The token could not be revoked.');

  const form = (
    <form
      className="card card-pad row"
      onSubmit={create}
      aria-label="New API token"
      style={{ alignItems: 'flex-end', flexWrap: 'wrap' }}
    >
      <div className="field">
        <label htmlFor="token-name">Name</label>
        <input id="token-name" name="name" className="input" required maxLength={100} placeholder="release pipeline" />
      </div>
      <div className="field">
        <label htmlFor="token-role">Role</label>
        <select id="token-role" name="role" className="input" defaultValue="operator">
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {r}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="token-app">Application</label>
        <select id="token-app" name="appId" className="input" defaultValue="">
          <option value="">Any application</option>
          {apps.map((a) => (
            <option key={a.appId} value={a.appId}>
              {a.name} ({a.appId})
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="token-expiry">Expires</label>
        <select id="token-expiry" name="expiresInDays" className="input" defaultValue="90">
          <option value="7">in 7 days</option>
          <option value="30">in 30 days</option>
          <option value="90">in 90 days</option>
          <option value="365">in a year</option>
          <option value="never">never</option>
        </select>
      </div>
      <button type="submit" className="btn btn-primary" disabled={list.busy}>
        Create token
      </button>
    </form>
  );

  return (
    <RecordManager
      form={form}
      error={list.error}
      notice={
        created ? (
          <div className="banner" role="status" data-testid="new-token">
            <strong>Token “{created.name}” created.</strong> Copy it now: it is not shown again.{' '}
            <code data-testid="new-token-value">{created.value}</code>{' '}
            <CopyButton text={created.value} label="the token" />{' '}
            <button type="button" className="btn btn-sm" onClick={() => setCreated(null)}>
              Done
            </button>
          </div>
        ) : null
      }
      label="API tokens"
      columns={['Name', 'Role', 'Application', 'Created', 'Expires', 'Last used']}
      empty={list.items.length === 0}
      emptyText="No API tokens yet."
    >
      {list.items.map((t) => (
        <tr key={t.id} data-testid="token-row">
          <td>{t.name}</td>
          <td>{t.role}</td>
          <td>{t.appId ?? 'any'}</td>
          <td>
            {dateTime(t.createdAt, '')} by {t.createdBy}
          </td>
          <td>
            {dateTime(t.expiresAt, 'never')}
            {t.expiresAt !== null && t.expiresAt <= now ? <span className="badge badge-neutral"> expired</span> : null}
          </td>
          <td>{dateTime(t.lastUsedAt, 'never')}</td>
          <td>
            {t.revokedAt !== null ? (
              <span className="muted">revoked by {t.revokedBy}</span>
            ) : (
              <button
                type="button"
                className="btn btn-sm"
                onClick={() => void revoke(t)}
                aria-label={`Revoke ${t.name}`}
              >
                Revoke
              </button>
            )}
          </td>
        </tr>
      ))}
    </RecordManager>
  );
}
