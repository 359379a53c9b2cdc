// Page state kept in the URL without a server round trip (Next keeps useSearchParams in step
// with history.replaceState): one parameter set or removed.
export function setUrlParam(pathname: string, key: string, value: string | null): void {
  const next = new URLSearchParams(window.location.search);
  if (value == null || value === '') next.delete(key);
  else next.set(key, value);
  window.history.replaceState(null, '', `${pathname}?${next.toString()}`);
}
