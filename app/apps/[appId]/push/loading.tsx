export default function Loading() {
  return (
    <div className="page">
      <p className="muted" role="status">
        Loading the push form…
      </p>
    </div>
  );
}
