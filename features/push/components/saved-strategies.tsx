'use client';

import { useId, useState } from 'react';
import { emptyPolicy, type PolicyDraft } from '@/features/push/model/draft';
import {
  readSavedStrategies,
  storageKeys,
  withSavedStrategy,
  writeStored,
  type SavedStrategy,
} from '@/features/push/model/storage';
import styles from './strategy.module.css';

interface Props {
  appId: string;
  policies: PolicyDraft[];
  onApply: (policies: PolicyDraft[]) => void;
}

/** Strategies saved per application in this browser, for the canaries a team repeats. */
export function SavedStrategies({ appId, policies, onApply }: Props) {
  const id = useId();
  // Rendered only in the browser (the push form is client-only), so storage is there.
  const [saved, setSaved] = useState<SavedStrategy[]>(() => readSavedStrategies(window.localStorage, appId));
  const [choice, setChoice] = useState('');
  const [name, setName] = useState('');
  const [note, setNote] = useState('');

  function persist(next: SavedStrategy[], message: string) {
    setSaved(next);
    writeStored(window.localStorage, storageKeys.strategies(appId), next);
    setNote(message);
  }

  const canSave = name.trim() !== '' && policies.some((p) => p.values.length > 0);
  const selected = saved.find((s) => s.name === choice);
  return (
    <div className={styles.saved} role="group" aria-label="Saved strategies">
      <label htmlFor={`${id}-pick`} className={styles.toolbarLabel}>
        Saved
      </label>
      <select id={`${id}-pick`} className="input" value={choice} onChange={(e) => setChoice(e.target.value)}>
        <option value="">{saved.length ? 'Choose…' : 'None saved yet'}</option>
        {saved.map((s) => (
          <option key={s.name}>{s.name}</option>
        ))}
      </select>
      <button
        type="button"
        className="btn btn-sm"
        disabled={!selected}
        onClick={() => selected && onApply(selected.policies.map((p) => emptyPolicy(p.operator, [...p.values])))}
      >
        Apply
      </button>
      <button
        type="button"
        className="btn btn-sm"
        disabled={!selected}
        onClick={() =>
          persist(
            saved.filter((s) => s !== selected),
            `Deleted “${choice}”.`,
          )
        }
      >
        Delete
      </button>
      <label htmlFor={`${id}-name`} className="sr-only">
        Name for the current strategy
      </label>
      <input
        id={`${id}-name`}
        className={`input ${styles.saveName}`}
        placeholder="Name this strategy"
        value={name}
        maxLength={80}
        onChange={(e) => setName(e.target.value)}
      />
      <button
        type="button"
        className="btn btn-sm"
        disabled={!canSave}
        onClick={() => {
          persist(withSavedStrategy(saved, name, policies, new Date()), `Saved “${name.trim()}”.`);
          setChoice(name.trim());
          setName('');
        }}
      >
        Save current
      </button>
      <span className="sr-only" aria-live="polite">
        {note}
      </span>
    </div>
  );
}
