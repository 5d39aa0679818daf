'use client';

import { FormField } from '@/components/ui/form-field';
import type { DistField, DistributionSettings } from '@/features/push/model/validate';

interface Props {
  /** Prefixes each input's id, so two forms on one page do not share ids. */
  idPrefix: string;
  dist: DistributionSettings;
  onDist: (patch: Partial<DistributionSettings>) => void;
  errorFor: (key: string) => string | undefined;
  onTouch: (key: string) => void;
  targetDirHint?: string;
}

/**
 * The DistApplicationData settings a push and a staged rollout both send: the four text
 * inputs, laid out by the caller's grid, errors keyed `dist:<field>`.
 */
export function DistributionInputs({ idPrefix, dist, onDist, errorFor, onTouch, targetDirHint }: Props) {
  const err = (f: DistField) => errorFor(`dist:${f}`);
  const text = (f: Exclude<DistField, 'decompress'>) => ({
    className: 'input',
    value: dist[f],
    onChange: (e: React.ChangeEvent<HTMLInputElement>) => onDist({ [f]: e.target.value }),
    onBlur: () => onTouch(`dist:${f}`),
    autoComplete: 'off',
    spellCheck: false,
  });
  return (
    <>
      <FormField
        id={`${idPrefix}-destPath`}
        label="Destination path"
        hint="Absolute path on the instance"
        error={err('destPath')}
      >
        {(c) => <input {...c} {...text('destPath')} placeholder="/root/installed" />}
      </FormField>
      <FormField
        id={`${idPrefix}-targetDirName`}
        label="Target directory (optional)"
        hint={targetDirHint}
        error={err('targetDirName')}
      >
        {(c) => <input {...c} {...text('targetDirName')} />}
      </FormField>
      <FormField
        id={`${idPrefix}-fileMode`}
        label="File mode (optional)"
        hint="Octal, such as 755"
        error={err('fileMode')}
      >
        {(c) => <input {...c} {...text('fileMode')} inputMode="numeric" placeholder="755" />}
      </FormField>
      <FormField id={`${idPrefix}-timeout`} label="Timeout (s)" error={err('timeout')}>
        {(c) => <input {...c} {...text('timeout')} inputMode="numeric" />}
      </FormField>
    </>
  );
}

/** Whether the instance unpacks the archive: the checkbox beside the inputs above. */
export function DecompressCheck({
  className,
  dist,
  onDist,
}: Pick<Props, 'dist' | 'onDist'> & { className?: string | undefined }) {
  return (
    <label className={className}>
      <input type="checkbox" checked={dist.decompress} onChange={(e) => onDist({ decompress: e.target.checked })} />
      Decompress the archive on the instance
    </label>
  );
}
