/** PushApplicationData ResultCode meanings in plain words (docs/ens.md §1.1), with what to do next. */
export interface ResultMeaning {
  label: string;
  detail: string;
  tone: 'ok' | 'info' | 'danger';
}

const MEANINGS: Record<number, ResultMeaning> = {
  0: {
    label: 'New push started',
    detail: 'ENS accepted the push; the file servers are fetching the file.',
    tone: 'ok',
  },
  100: {
    label: 'Already pushed',
    detail: 'This file and version were pushed before and that push is complete.',
    tone: 'ok',
  },
  200: {
    label: 'Already being pushed',
    detail: 'An earlier push of this file and version is still reaching some file servers.',
    tone: 'info',
  },
  300: {
    label: 'Failed — retry',
    detail: 'ENS could not push this file. Check the reason, then push again.',
    tone: 'danger',
  },
};

/** DistApplicationData reuses the codes (docs/ens.md §1.9); its words speak of a distribution. */
const DIST_LABELS: Record<number, string> = {
  0: 'Distribution started',
  100: 'Already distributed',
  200: 'Distribution already running',
};

export function resultMeaning(code: number, kind: 'push' | 'distribution' = 'push'): ResultMeaning {
  const distLabel = kind === 'distribution' ? DIST_LABELS[code] : undefined;
  if (distLabel)
    return {
      ...(MEANINGS[code] as ResultMeaning),
      label: distLabel,
      detail: `ENS answered ${code} to the distribution.`,
    };
  return (
    MEANINGS[code] ?? {
      label: `Code ${code}`,
      detail: 'ENS answered a result code the dashboard does not know.',
      tone: 'info',
    }
  );
}

/** The raw code for a tooltip: the words are shown, the number is kept for people who search ENS's docs. */
export function resultCodeTitle(code: number, descrip?: string, kind: 'push' | 'distribution' = 'push'): string {
  const m = resultMeaning(code, kind);
  return `ResultCode ${code}${descrip ? ` (${descrip})` : ''}: ${m.detail}`;
}
