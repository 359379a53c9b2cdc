import Link from 'next/link';
export default function NotFound() {
  return (
    <div className="card" style={{ textAlign: 'center', padding: 40 }}>
      <h1>Not found</h1>
      <p className="muted">No market, account or page with that name here.</p>
      <Link href="/">Back to the overview</Link>
    </div>
  );
}
