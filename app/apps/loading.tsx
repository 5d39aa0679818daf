export default function Loading() {
  return (
    <div className="page" aria-busy="true">
      <p className="muted" role="status">Loading applications…</p>
    </div>
  );
}
