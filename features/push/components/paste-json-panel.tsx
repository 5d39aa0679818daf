'use client';

import { useId, useState } from 'react';
import { parseDataJson } from '@/lib/ens/data-files';
import { rowFromPasted, type FileRowDraft } from '@/features/push/model/draft';
import { describeImportIssue } from '@/features/push/model/import-issues';
import styles from './paste-json-panel.module.css';

/**
 * "Paste JSON": takes `Data` exactly as ENS documents it (also the escaped form the API
 * page prints). Whatever can be read fills the rows, so a mistake is fixed in the editor
 * rather than by re-pasting; only unreadable text stays here with its line.
 */
export function PasteJsonPanel({ onImport }: { onImport: (rows: FileRowDraft[], replace: boolean) => void }) {
  const id = useId();
  const [open, setOpen] = useState(false);
  const [text, setText] = useState('');
  const [messages, setMessages] = useState<string[]>([]);
  const [status, setStatus] = useState('');

  function runImport(replace: boolean) {
    const parsed = parseDataJson(text);
    const drafts = parsed.ok ? parsed.items : parsed.drafts;
    const problems = parsed.ok ? [] : parsed.errors.map((e) => describeImportIssue(e, text));
    if (drafts.length === 0) {
      setMessages(problems);
      setStatus('');
      return;
    }
    onImport(drafts.map(rowFromPasted), replace);
    // The rows now show each problem next to its field; a list here would go stale.
    setText('');
    setMessages([]);
    setOpen(false);
    const n = drafts.length;
    setStatus(
      `Imported ${n} file${n === 1 ? '' : 's'}${problems.length ? `; ${problems.length} problem${problems.length === 1 ? '' : 's'} to fix below` : ''}.`,
    );
  }

  return (
    <div className={styles.panel}>
      <button
        type="button"
        className="btn btn-sm"
        aria-expanded={open}
        aria-controls={`${id}-body`}
        onClick={() => setOpen(!open)}
      >
        {open ? 'Close JSON import' : 'Paste JSON…'}
      </button>
      <p className={styles.status} role="status">
        {status}
      </p>
      <div id={`${id}-body`} hidden={!open} className={styles.body}>
        <label htmlFor={`${id}-text`} className={styles.label}>
          Data JSON, as PushApplicationData takes it
        </label>
        <textarea
          id={`${id}-text`}
          className={`input ${styles.textarea}`}
          rows={6}
          spellCheck={false}
          value={text}
          onChange={(e) => setText(e.target.value)}
          aria-invalid={messages.length > 0 && text !== '' ? true : undefined}
          aria-describedby={messages.length ? `${id}-errors` : undefined}
          placeholder='[{"name":"app01","version":"1.0","size":100,"archiveType":"tar.gz","md5":"","url":"http://…","timeout":1000}]'
        />
        <div id={`${id}-errors`} role="alert">
          {messages.length > 0 ? (
            <ul className={styles.errors}>
              {messages.map((m) => (
                <li key={m}>{m}</li>
              ))}
            </ul>
          ) : null}
        </div>
        <div className="row">
          <button
            type="button"
            className="btn btn-sm btn-primary"
            onClick={() => runImport(true)}
            disabled={!text.trim()}
          >
            Replace rows
          </button>
          <button type="button" className="btn btn-sm" onClick={() => runImport(false)} disabled={!text.trim()}>
            Add to rows
          </button>
        </div>
      </div>
    </div>
  );
}
