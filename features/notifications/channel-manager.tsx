'use client';

import { useState, type FormEvent } from 'react';
import type { ChannelView, DeliveryLog, TestOutcome } from '@/lib/contracts/notifications';
import { CHANNEL_KINDS, type Severity } from '@/lib/domain/notifications';
import { RecordManager, useRecordList } from '@/components/ui/record-manager';
import { fetchJson } from '@/lib/client/fetch-json';
import { paths } from '@/lib/paths';

interface Props {
  appId: string;
  initial: ChannelView[];
  events: { type: string; severity: Severity; label: string }[];
}

const KIND_LABELS: Record<string, string> = {
  webhook: 'Webhook (signed JSON)',
  dingtalk: 'DingTalk robot',
  feishu: 'Feishu / Lark bot',
  wecom: 'WeCom robot',
  slack: 'Slack incoming webhook',
};

const when = (iso: string) => iso.replace('T', ' ').slice(0, 19) + ' UTC';

/** Channels of one application: add, send a test, read the delivery log, remove. */
export function ChannelManager({ appId, initial, events }: Props) {
  const list = useRecordList(
    initial,
    async () => (await fetchJson<{ channels: ChannelView[] }>(paths.api.channels(appId))).channels,
  );
  const [all, setAll] = useState(true);
  const [outcome, setOutcome] = useState<Record<string, TestOutcome>>({});
  const [logs, setLogs] = useState<Record<string, DeliveryLog['deliveries']>>({});

  async function create(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const secret = String(form.get('secret') ?? '');
    const name = String(form.get('name') ?? '').trim();
    await list.act(
      async () => {
        await fetchJson<{ channelId: string }>(paths.api.channels(appId), {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            kind: String(form.get('kind') ?? ''),
            url: String(form.get('url') ?? ''),
            ...(secret ? { secret } : {}),
            ...(name ? { name } : {}),
            events: all ? ['*'] : form.getAll('events').map(String),
          }),
        });
        formElement.reset();
        setAll(true);
        await list.reload();
      },
      'The channel could not be saved.',
      true,
    );
  }

  const test = (channel: ChannelView) =>
    list.act(async () => {
      const result = await fetchJson<TestOutcome>(paths.api.channelTest(appId, channel.channelId), { method: 'POST' });
      setOutcome((o) => ({ ...o, [channel.channelId]: result }));
      await showLog(channel);
    }, 'The test could not be sent.');

  async function showLog(channel: ChannelView) {
    const log = await fetchJson<DeliveryLog>(paths.api.channelDeliveries(appId, channel.channelId));
    setLogs((l) => ({ ...l, [channel.channelId]: log.deliveries }));
  }

  const remove = (channel: ChannelView) =>
    list.act(async () => {
      await fetchJson<unknown>(paths.api.channel(appId, channel.channelId), { method: 'DELETE' });
      await list.reload();
    }, 'The channel could not be removed.');

  const form = (
    <form className="card card-pad stack" onSubmit={create} aria-label="New channel">
      <div className="row" style={{ alignItems: 'flex-end', flexWrap: 'wrap' }}>
        <div className="field">
          <label htmlFor="channel-kind">Kind</label>
          <select id="channel-kind" name="kind" className="input" defaultValue="webhook">
            {CHANNEL_KINDS.map((k) => (
              <option key={k} value={k}>
                {KIND_LABELS[k] ?? k}
              </option>
            ))}
          </select>
        </div>
        <div className="field" style={{ flex: '1 1 18rem' }}>
          <label htmlFor="channel-url">URL</label>
          <input
            id="channel-url"
            name="url"
            className="input"
            required
            type="url"
            placeholder="https://oapi.dingtalk.com/robot/send?access_token=…"
          />
        </div>
        <div className="field">
          <label htmlFor="channel-secret">Signing secret (optional)</label>
          <input id="channel-secret" name="secret" className="input" type="password" autoComplete="off" />
        </div>
        <div className="field">
          <label htmlFor="channel-name">Name (optional)</label>
          <input id="channel-name" name="name" className="input" maxLength={100} placeholder="release team" />
        </div>
      </div>
      <fieldset className="stack">
        <legend>Events</legend>
        <label>
          <input type="checkbox" checked={all} onChange={(e) => setAll(e.target.checked)} /> All events
        </label>
        {all ? null : (
          <div className="row" style={{ flexWrap: 'wrap' }}>
            {events.map((e) => (
              <label key={e.type}>
                <input type="checkbox" name="events" value={e.type} /> {e.label}{' '}
                <span className={`badge ${e.severity === 'critical' ? 'badge-error' : 'badge-neutral'}`}>
                  {e.severity}
                </span>
              </label>
            ))}
          </div>
        )}
      </fieldset>
      <div>
        <button type="submit" className="btn btn-primary" disabled={list.busy}>
          Add channel
        </button>
      </div>
    </form>
  );

  return (
    <RecordManager
      form={form}
      error={list.error}
      label="Channels"
      columns={['Channel', 'Kind', 'Events', 'Added']}
      empty={list.items.length === 0}
      emptyText="No channels yet: events of this application are not sent anywhere."
    >
      {list.items.map((c) => (
        <ChannelRow
          key={c.channelId}
          channel={c}
          outcome={outcome[c.channelId]}
          log={logs[c.channelId]}
          onTest={() => void test(c)}
          onLog={() => void showLog(c)}
          onRemove={() => void remove(c)}
        />
      ))}
    </RecordManager>
  );
}

function ChannelRow(props: {
  channel: ChannelView;
  outcome: TestOutcome | undefined;
  log: DeliveryLog['deliveries'] | undefined;
  onTest(): void;
  onLog(): void;
  onRemove(): void;
}) {
  const { channel: c, outcome, log } = props;
  return (
    <>
      <tr data-testid="channel-row">
        <td>
          <strong>{c.name}</strong>
          <div className="muted" style={{ wordBreak: 'break-all' }}>
            {c.url}
            {c.hasSecret ? ' · signed' : ''}
          </div>
        </td>
        <td>{KIND_LABELS[c.kind] ?? c.kind}</td>
        <td>{c.events.includes('*') ? 'all' : c.events.join(', ')}</td>
        <td>
          {when(c.createdAt)} by {c.createdBy}
        </td>
        <td>
          <div className="row" style={{ flexWrap: 'wrap' }}>
            <button type="button" className="btn btn-sm" onClick={props.onTest} aria-label={`Send a test to ${c.name}`}>
              Send test
            </button>
            <button type="button" className="btn btn-sm" onClick={props.onLog}>
              Delivery log
            </button>
            <button type="button" className="btn btn-sm" onClick={props.onRemove} aria-label={`Remove ${c.name}`}>
              Remove
            </button>
          </div>
          {outcome ? (
            <div role="status" data-testid="test-outcome">
              {outcome.outcome === 'sent'
                ? `Delivered (HTTP ${outcome.httpStatus}, ${Math.round(outcome.latencyMs)} ms)`
                : `Failed: ${outcome.error ?? 'no answer'}`}
            </div>
          ) : null}
        </td>
      </tr>
      {log ? (
        <tr>
          <td colSpan={5}>
            <table className="data" aria-label={`Delivery log of ${c.name}`}>
              <thead>
                <tr>
                  <th>When</th>
                  <th>Outcome</th>
                  <th>HTTP</th>
                  <th>Latency</th>
                  <th>Events</th>
                  <th>Error</th>
                </tr>
              </thead>
              <tbody>
                {log.length === 0 ? (
                  <tr>
                    <td colSpan={6}>Nothing sent yet.</td>
                  </tr>
                ) : (
                  log.map((d, i) => (
                    <tr key={`${d.at}-${i}`} data-testid="delivery-row">
                      <td>{when(d.at)}</td>
                      <td>
                        {d.outcome}
                        {d.test ? ' (test)' : d.digest ? ' (digest)' : ''}
                      </td>
                      <td>{d.httpStatus ?? '—'}</td>
                      <td>{Math.round(d.latencyMs)} ms</td>
                      <td style={{ wordBreak: 'break-all' }}>
                        {d.eventIds.length > 1 ? `${d.eventIds.length} events` : d.eventIds[0]}
                      </td>
                      <td>{d.error ?? ''}</td>
                    </tr>
                  ))
                )}
              </tbody>
            </table>
          </td>
        </tr>
      ) : null}
    </>
  );
}
