import type { ReactNode } from 'react';
import { resultCodeTitle, resultMeaning } from '@/lib/domain/result-codes';
import type { PushEntry } from '@/lib/contracts/pushes';
import { errorCodeText, overallMeaning, type Tone } from '@/features/history/format';
import styles from './history.module.css';

export function ToneBadge({ tone, children }: { tone: Tone; children: ReactNode }) {
  return <span className={`badge ${styles[tone]}`}>{children}</span>;
}

// resultMeaning() says 'ok' | 'info' | 'danger'; all are tones here.
const RESULT_TONE: Record<'ok' | 'info' | 'danger', Tone> = { ok: 'ok', info: 'info', danger: 'danger' };

/** The state in plain words: each file's ResultCode when sent, the reason when failed, what to do when unknown. */
export function PushStateCell({ push }: { push: PushEntry }) {
  // The badge reflects every region of a push-and-distribute, not only ENS's first answer.
  const meaning = overallMeaning(push);
  const results = push.resultCodes ?? [];
  const kind = push.kind === 'distribution' ? 'distribution' : 'push';
  return (
    <div className={styles.state} data-testid="push-state">
      <ToneBadge tone={meaning.tone}>{meaning.label}</ToneBadge>
      {meaning.note ? <p className={styles.detail}>{meaning.note}</p> : null}
      {push.state === 'sent' && results.length > 0 ? (
        <ul className={styles.results}>
          {results.map((r) => {
            const m = resultMeaning(r.resultCode, kind);
            return (
              <li key={`${r.name}@${r.version}`} title={resultCodeTitle(r.resultCode, r.resultDescrip, kind)}>
                {results.length > 1 ? <span className="mono">{r.name}: </span> : null}
                <ToneBadge tone={RESULT_TONE[m.tone]}>{m.label}</ToneBadge>
                {r.resultCode === 300 && r.resultDescrip ? (
                  <span className={styles.detail}> {r.resultDescrip}</span>
                ) : null}
              </li>
            );
          })}
        </ul>
      ) : push.state === 'failed' && push.error ? (
        <p className={styles.detail}>
          {push.error.message}
          {errorCodeText(push.error) ? (
            <>
              {' '}
              <code>{errorCodeText(push.error)}</code>
            </>
          ) : null}
        </p>
      ) : (
        <p className={styles.detail}>{meaning.detail}</p>
      )}
    </div>
  );
}
