import type { InputIssue } from '@/lib/ens/issues';
import { jsonErrorLine } from '@/lib/ens/json-error-line';

/**
 * `{ path: [1, 'md5'], … }` → `File 2, md5: …`. Syntax errors name their line, found
 * from `text` when the parser's message had none.
 */
export function describeImportIssue(issue: InputIssue, text = ''): string {
  const [index, field] = issue.path;
  if (typeof index === 'number')
    return `File ${index + 1}${field !== undefined ? `, ${String(field)}` : ''}: ${issue.message}`;
  const line = issue.line ?? (/not valid JSON/.test(issue.message) ? jsonErrorLine(text) : undefined);
  return line !== undefined && !issue.message.includes(`line ${line}`)
    ? `Line ${line}: ${issue.message}`
    : issue.message;
}
