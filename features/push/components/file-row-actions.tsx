import styles from './file-row.module.css';

type Action = 'up' | 'down' | 'duplicate' | 'remove';

/** Reorder, duplicate and remove as plain buttons: they work by keyboard, unlike drag handles. */
export function FileRowActions({
  index,
  count,
  onAction,
}: {
  index: number;
  count: number;
  onAction: (a: Action) => void;
}) {
  const n = index + 1;
  return (
    <div className={styles.actions}>
      <button
        type="button"
        className="btn btn-sm"
        onClick={() => onAction('up')}
        disabled={index === 0}
        aria-label={`Move file ${n} up`}
        title="Move up"
      >
        ↑
      </button>
      <button
        type="button"
        className="btn btn-sm"
        onClick={() => onAction('down')}
        disabled={index === count - 1}
        aria-label={`Move file ${n} down`}
        title="Move down"
      >
        ↓
      </button>
      <button
        type="button"
        className="btn btn-sm"
        onClick={() => onAction('duplicate')}
        aria-label={`Duplicate file ${n}`}
      >
        Duplicate
      </button>
      <button type="button" className="btn btn-sm" onClick={() => onAction('remove')} aria-label={`Remove file ${n}`}>
        Remove
      </button>
    </div>
  );
}
