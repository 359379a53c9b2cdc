'use client';
// Last-resort boundary: a clear message and retry, never a stack trace.
import { useEffect } from 'react';

export default function PageError({
  error,
  reset,
}: {
  error: Error & { digest?: string };
  reset: () => void;
}) {
  useEffect(() => {
    console.error(error);
  }, [error]);
  return (
    <div className="banner banner-error" role="alert" data-error-state>
      <div>
        <strong>This page could not be displayed.</strong> The data source answered with something
        unexpected or is unreachable.
        <div className="small muted">
          {error.digest ? `Reference ${error.digest}. ` : ''}Try again in a moment; other pages may
          still work.
        </div>
      </div>
      <button type="button" className="btn" data-retry onClick={() => reset()}>
        Retry
      </button>
    </div>
  );
}
