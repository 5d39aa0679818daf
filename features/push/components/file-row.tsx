'use client';

import { ARCHIVE_TYPES, type FileField, type FileRowDraft as Row } from '@/features/push/model/draft';
import { SIZE_UNITS, type SizeUnit } from '@/features/push/model/size-units';
import { archiveMismatch } from '@/features/push/model/archive-hint';
import { FormField } from '@/components/ui/form-field';
import { FileRowActions } from './file-row-actions';
import styles from './file-row.module.css';

interface FileRowProps {
  row: Row;
  index: number;
  count: number;
  errorFor: (field: FileField) => string | undefined;
  onEdit: (patch: Partial<Omit<Row, 'id'>>) => void;
  onTouch: (field: FileField) => void;
  onAction: (action: 'up' | 'down' | 'duplicate' | 'remove') => void;
}

/** One data file of the push: the seven fields ENS's `Data` items carry. */
export function FileRow({ row, index, count, errorFor, onEdit, onTouch, onAction }: FileRowProps) {
  const id = (field: string) => `file-${row.id}-${field}`;
  const text = (field: Exclude<FileField, 'archiveType'>, extra: React.InputHTMLAttributes<HTMLInputElement> = {}) => ({
    className: 'input',
    value: row[field],
    onChange: (e: React.ChangeEvent<HTMLInputElement>) => onEdit({ [field]: e.target.value }),
    onBlur: () => onTouch(field),
    autoComplete: 'off',
    spellCheck: false,
    ...extra,
  });

  return (
    <fieldset className={styles.row} aria-label={`File ${index + 1}`}>
      <div className={styles.head}>
        <span className={styles.index} aria-hidden="true">
          {index + 1}
        </span>
        <span className={styles.title}>
          {row.name ? `${row.name}${row.version ? ` · ${row.version}` : ''}` : `File ${index + 1}`}
        </span>
        <FileRowActions index={index} count={count} onAction={onAction} />
      </div>
      <div className={styles.grid}>
        <FormField id={id('name')} label="Name" error={errorFor('name')} className={styles.name}>
          {(c) => <input {...c} {...text('name', { placeholder: 'app01' })} />}
        </FormField>
        <FormField id={id('version')} label="Version" error={errorFor('version')} className={styles.version}>
          {(c) => <input {...c} {...text('version', { placeholder: '1.0' })} />}
        </FormField>
        <FormField id={id('size')} label="Size" error={errorFor('size')} className={styles.size}>
          {(c) => (
            <div className={styles.sizeGroup}>
              <input {...c} {...text('size', { inputMode: 'decimal', placeholder: '0' })} />
              <select
                className="input"
                aria-label={`Size unit, file ${index + 1}`}
                value={row.sizeUnit}
                onChange={(e) => onEdit({ sizeUnit: e.target.value as SizeUnit })}
              >
                {SIZE_UNITS.map((u) => (
                  <option key={u}>{u}</option>
                ))}
              </select>
            </div>
          )}
        </FormField>
        <FormField
          id={id('archiveType')}
          label="Archive type"
          error={errorFor('archiveType')}
          hint={warningOf(archiveMismatch(row.url, row.archiveType))}
          className={styles.archive}
        >
          {(c) => (
            <select
              {...c}
              className="input"
              value={row.archiveType}
              onChange={(e) => onEdit({ archiveType: e.target.value })}
              onBlur={() => onTouch('archiveType')}
            >
              {/* A pasted unknown type stays visible (and flagged) instead of silently becoming tar.gz. */}
              {!(ARCHIVE_TYPES as readonly string[]).includes(row.archiveType) ? (
                <option value={row.archiveType}>{row.archiveType || 'Choose…'}</option>
              ) : null}
              {ARCHIVE_TYPES.map((t) => (
                <option key={t}>{t}</option>
              ))}
            </select>
          )}
        </FormField>
        <FormField id={id('timeout')} label="Timeout (s)" error={errorFor('timeout')} className={styles.timeout}>
          {(c) => <input {...c} {...text('timeout', { inputMode: 'numeric' })} />}
        </FormField>
        <FormField id={id('url')} label="URL" error={errorFor('url')} className={styles.url}>
          {(c) => (
            <input
              {...c}
              {...text('url', { type: 'url', placeholder: 'https://files.example.com/app01-1.0.tar.gz' })}
            />
          )}
        </FormField>
        <FormField id={id('md5')} label="MD5 (optional)" error={errorFor('md5')} className={styles.md5}>
          {(c) => <input {...c} {...text('md5', { placeholder: '32 hex characters', maxLength: 64 })} />}
        </FormField>
      </div>
    </fieldset>
  );
}

function warningOf(text: string | undefined) {
  return text ? <span className="field-warning">{text}</span> : undefined;
}
