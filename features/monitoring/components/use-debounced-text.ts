import { useEffect, useState, type Dispatch, type SetStateAction } from 'react';

/**
 * The text of a filter box that reaches the URL after a pause in typing. `value` is what the
 * URL holds; `onCommit` receives the trimmed text once typing has paused for `delayMs`.
 * When `value` changes under us (Back, a clicked failure reason) the box shows it, unless it
 * is what we typed.
 */
export function useDebouncedText(
  value: string,
  onCommit: (text: string) => void,
  delayMs: number,
): [string, Dispatch<SetStateAction<string>>] {
  const [text, setText] = useState(value);
  const [synced, setSynced] = useState(value);
  if (value !== synced) {
    setSynced(value);
    if (text.trim() !== value) setText(value);
  }
  useEffect(() => {
    if (text.trim() === value) return;
    const timer = setTimeout(() => onCommit(text.trim()), delayMs);
    return () => clearTimeout(timer);
  }, [text, value, onCommit, delayMs]);
  return [text, setText];
}
