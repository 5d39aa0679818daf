/** Shown only while the server gathers the first view (the page itself renders with data). */
export default function Loading() {
  return (
    <div className="page" aria-busy="true">
      <p className="muted" role="status">Loading the application’s rollouts…</p>
      <div className="card" style={{ height: 320 }} />
    </div>
  );
}
