'use client';

import type { FileField, FileRowDraft as Row } from '@/features/push/model/draft';
import type { DraftAction } from '@/features/push/model/draft-reducer';
import { FileRow } from './file-row';
import { PasteJsonPanel } from './paste-json-panel';
import styles from './push-sections.module.css';

const FILE_FIELDS: readonly FileField[] = ['name', 'version', 'size', 'archiveType', 'md5', 'url', 'timeout'];

interface FileRowsEditorProps {
  files: Row[];
  dispatch: (action: DraftAction) => void;
  errorFor: (key: string) => string | undefined;
  onTouch: (key: string) => void;
}

/** The `Data` of the push: rows of files, editable by keyboard, or pasted as JSON. */
export function FileRowsEditor({ files, dispatch, errorFor, onTouch }: FileRowsEditorProps) {
  const listError = errorFor('files');
  return (
    <section className={`card ${styles.section}`} aria-labelledby="files-heading">
      <div className={styles.sectionHead}>
        <div>
          <h2 id="files-heading">1. Data files</h2>
          <p className={styles.lead}>
            What ENS fetches from each URL. Sizes are sent to ENS in <strong>bytes</strong> (the unit picker converts; 1
            KB = 1024 B); timeouts in seconds.
          </p>
        </div>
      </div>
      <PasteJsonPanel
        onImport={(rows, replace) => {
          dispatch({ type: 'importRows', rows, replace });
          // Pasted values were "typed" all at once: show their problems right away.
          for (const row of rows) for (const field of FILE_FIELDS) onTouch(`file:${row.id}:${field}`);
        }}
      />
      <div className={styles.rows}>
        {files.map((row, index) => (
          <FileRow
            key={row.id}
            row={row}
            index={index}
            count={files.length}
            errorFor={(field: FileField) => errorFor(`file:${row.id}:${field}`)}
            onTouch={(field) => onTouch(`file:${row.id}:${field}`)}
            onEdit={(patch) => dispatch({ type: 'editRow', id: row.id, patch })}
            onAction={(action) => {
              if (action === 'up' || action === 'down')
                dispatch({ type: 'moveRow', id: row.id, by: action === 'up' ? -1 : 1 });
              else if (action === 'duplicate') dispatch({ type: 'duplicateRow', id: row.id });
              else dispatch({ type: 'removeRow', id: row.id });
            }}
          />
        ))}
      </div>
      <p className={`field-error ${styles.sectionError}`} aria-live="polite">
        {listError}
      </p>
      <div>
        <button type="button" className="btn" onClick={() => dispatch({ type: 'addRow' })}>
          + Add file
        </button>
      </div>
    </section>
  );
}
