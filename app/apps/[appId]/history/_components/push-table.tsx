import type { PushEntry } from '@/lib/contracts/pushes';
import { PushHistoryRow } from './push-row';
import styles from './history.module.css';

/** The log as a table; on a phone each push becomes a card (see history.module.css). */
export function PushTable({ appId, pushes }: { appId: string; pushes: readonly PushEntry[] }) {
  return (
    <div className={styles.tableWrap}>
      <table className={`data ${styles.table}`}>
        <caption className="sr-only">Pushes to this application, newest first</caption>
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">Who</th>
            <th scope="col">Kind</th>
            <th scope="col">Files</th>
            <th scope="col">Where</th>
            <th scope="col">Result</th>
            <th scope="col">ENS RequestId</th>
          </tr>
        </thead>
        <tbody>
          {pushes.map((push) => (
            <PushHistoryRow key={push.id} appId={appId} push={push} />
          ))}
        </tbody>
      </table>
    </div>
  );
}
