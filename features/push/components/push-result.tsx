'use client';

import Link from 'next/link';
import { paths } from '@/lib/paths';
import type { Ref } from 'react';
import { resultCodeTitle, resultMeaning } from '@/lib/domain/result-codes';
import type { CreatePushResponse as PushResponse } from '@/lib/contracts/pushes';
import { PushStatusCell } from './push-status-cell';
import styles from './push-result.module.css';

/** Each file's ResultCode in words, the ENS RequestId, and where to watch the rollout. */
interface Props {
  appId: string;
  result: PushResponse;
  onDismiss: () => void;
  onNewPush: () => void;
  headingRef?: Ref<HTMLHeadingElement>;
}

export function PushResult({ appId, result, onDismiss, onNewPush, headingRef }: Props) {
  const failed = result.results.filter((r) => r.resultCode === 300).length;
  return (
    <section
      className={`card ${styles.result} ${failed ? styles.failed : ''}`}
      aria-labelledby="result-heading"
      data-testid="push-result"
    >
      <div className={styles.head}>
        <h2 id="result-heading" ref={headingRef} tabIndex={-1}>
          {failed ? `Push finished: ${failed} file${failed === 1 ? '' : 's'} failed` : 'Push accepted by ENS'}
        </h2>
        <div className="row">
          <button type="button" className="btn btn-sm" onClick={onNewPush}>
            Start a new push
          </button>
          <button type="button" className="btn btn-sm" onClick={onDismiss}>
            Dismiss
          </button>
        </div>
      </div>
      <p className={styles.ids}>
        ENS RequestId <code>{result.requestId}</code> · push <code>{result.pushId}</code>
      </p>
      <div className={styles.tableWrap} tabIndex={0} role="region" aria-label="Results per file">
        <table className="data">
          <thead>
            <tr>
              <th scope="col">File</th>
              <th scope="col">Result</th>
              <th scope="col">Pre-push by region</th>
              <th scope="col">Live view</th>
            </tr>
          </thead>
          <tbody>
            {result.results.map((r) => {
              const meaning = resultMeaning(r.resultCode);
              const href = paths.version(appId, r.name, r.version);
              return (
                <tr key={`${r.name}@${r.version}`}>
                  <td>
                    <span className="mono">{r.name}</span> <span className="muted">{r.version}</span>
                  </td>
                  <td>
                    <span
                      className={`badge ${styles[meaning.tone]}`}
                      data-testid="result-code"
                      title={resultCodeTitle(r.resultCode, r.resultDescrip)}
                    >
                      {meaning.label}
                    </span>
                    <div className={styles.detail}>
                      {r.resultCode === 300 && r.resultDescrip ? `${r.resultDescrip}. ` : ''}
                      {meaning.detail}
                    </div>
                  </td>
                  <td>
                    <PushStatusCell appId={appId} name={r.name} version={r.version} />
                  </td>
                  <td>
                    <Link href={href}>Watch {r.name}</Link>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}
