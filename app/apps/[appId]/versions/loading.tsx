export default function Loading() {
  return (
    <div className="page" aria-busy="true">
      <p className="muted" role="status">Loading the rollout…</p>
      <div className="card" style={{ height: 120, marginBottom: 16 }} />
      <div className="card" style={{ height: 320 }} />
    </div>
  );
}
