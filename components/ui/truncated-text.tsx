import type { ElementType } from 'react';

/**
 * Long data-file names (ENS allows 100-character paths) cut with an ellipsis at the
 * end of the line, the full text in the tooltip and for screen readers.
 */
export function TruncatedText({
  text,
  as: Tag = 'span',
  className,
}: {
  text: string;
  as?: ElementType;
  className?: string;
}) {
  return (
    <Tag
      className={['truncate', className].filter(Boolean).join(' ')}
      title={text}
      style={{ display: 'block', minWidth: 0 }}
    >
      {text}
    </Tag>
  );
}
