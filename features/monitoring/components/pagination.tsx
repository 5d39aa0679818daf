import { formatCount } from '@/lib/domain/format';

interface Props {
  page: number;
  pageSize: number;
  total: number;
  onPage: (page: number) => void;
  onPageSize: (pageSize: number) => void;
}

const SIZES = [100, 500, 1000] as const;

/** Server-side paging: the browser only ever holds the page it shows. */
export function Pagination({ page, pageSize, total, onPage, onPageSize }: Props) {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const first = total === 0 ? 0 : (page - 1) * pageSize + 1;
  const last = Math.min(total, page * pageSize);
  return (
    <nav
      aria-label="Instance pages"
      className="row"
      style={{ justifyContent: 'space-between', padding: '10px 16px', borderTop: '1px solid var(--border)' }}
    >
      <span aria-live="polite" data-testid="instance-range">
        {formatCount(first)}–{formatCount(last)} of <b>{formatCount(total)}</b> instances
      </span>
      <span className="row">
        <label className="row" style={{ fontSize: 13 }}>
          Rows per page
          <select className="input" value={pageSize} onChange={(e) => onPageSize(Number(e.target.value))}>
            {SIZES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
        <button type="button" className="btn btn-sm" disabled={page <= 1} onClick={() => onPage(page - 1)}>
          Previous
        </button>
        <span style={{ fontSize: 13 }}>
          Page {page} of {formatCount(pages)}
        </span>
        <button type="button" className="btn btn-sm" disabled={page >= pages} onClick={() => onPage(page + 1)}>
          Next
        </button>
      </span>
    </nav>
  );
}
