// Placeholder shown while a page's server components load (the loading.tsx of each list page).
// Not at the app root: a Suspense boundary above a detail page starts the response as 200
// before the page can call notFound(), and an unknown market or account must answer 404.
export default function PageSkeleton() {
  return (
    <div aria-busy="true" aria-label="Loading">
      <div className="page-header">
        <div className="skeleton" style={{ width: 220, height: 28 }} />
      </div>
      <div className="kpis">
        {Array.from({ length: 6 }, (_, i) => (
          <div key={i} className="skeleton" style={{ height: 84 }} />
        ))}
      </div>
      <div className="cols-2">
        <div className="skeleton" style={{ height: 310 }} />
        <div className="skeleton" style={{ height: 310 }} />
      </div>
      <div className="skeleton" style={{ height: 260 }} />
    </div>
  );
}
