'use client';
// Header navigation, network selector and theme toggle (client: keeps ?network on every link).
import Link from 'next/link';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useEffect, useState } from 'react';
import { AlertsBadge } from '@/components/AlertsBadge';

const NAV = [
  { href: '/', label: 'Overview' },
  { href: '/markets', label: 'Markets' },
  { href: '/liquidations', label: 'Liquidations' },
  { href: '/risk', label: 'Risk' },
  { href: '/status', label: 'Status' },
  { href: '/alerts', label: 'Alerts' },
];

/** pages with an all-networks view; elsewhere `all` goes to the overview */
const ALL_NETWORK_PAGES = ['/', '/markets'];

export function NavBar({ networks }: { networks: string[] }) {
  const pathname = usePathname();
  const sp = useSearchParams();
  const router = useRouter();
  const asked = sp.get('network');
  const unknown = asked && asked !== 'all' && !networks.includes(asked) ? asked : null;
  const network = unknown ? networks[0] : (asked ?? networks[0]);
  const q = asked && !unknown ? `?network=${encodeURIComponent(network)}` : '';
  return (
    <header className="topbar">
      <div className="topbar-inner">
        <Link href={`/${q}`} className="brand" prefetch={false}>
          <svg width="22" height="22" viewBox="0 0 24 24" aria-hidden="true">
            <circle
              cx="12"
              cy="12"
              r="10"
              fill="none"
              stroke="currentColor"
              strokeWidth="2"
              opacity=".35"
            />
            <circle
              cx="12"
              cy="12"
              r="5.5"
              fill="none"
              stroke="currentColor"
              strokeWidth="2"
              opacity=".6"
            />
            <path d="M12 12 L20 6" stroke="currentColor" strokeWidth="2.4" strokeLinecap="round" />
            <circle cx="12" cy="12" r="1.8" fill="currentColor" />
          </svg>
          <span>Collateral Radar</span>
        </Link>
        <nav className="nav" aria-label="Pages">
          {NAV.map((n) => {
            const active =
              n.href === '/'
                ? pathname === '/'
                : pathname.startsWith(n.href) ||
                  (n.href === '/risk' && pathname.startsWith('/accounts'));
            return (
              <Link
                key={n.href}
                href={`${n.href}${q}`}
                className={active ? 'active' : ''}
                prefetch={false}
              >
                {n.label}
              </Link>
            );
          })}
        </nav>
        <div className="topbar-right">
          <label className="netsel">
            <span className="sr-only">Network</span>
            <select
              aria-label="Network"
              value={network}
              onChange={(e) => {
                // filters and sorts are per-network state: keep only the network; detail pages go to their list
                const v = e.target.value;
                const base =
                  v === 'all'
                    ? ALL_NETWORK_PAGES.includes(pathname)
                      ? pathname
                      : '/'
                    : pathname.startsWith('/markets/')
                      ? '/markets'
                      : pathname.startsWith('/accounts/')
                        ? '/risk'
                        : pathname;
                router.push(`${base}?network=${encodeURIComponent(v)}`);
              }}
            >
              {networks.map((n) => (
                <option key={n} value={n}>
                  {n}
                </option>
              ))}
              <option value="all">All networks</option>
            </select>
          </label>
          <AlertsBadge network={asked && asked !== 'all' && !unknown ? network : null} />
          <ThemeToggle />
        </div>
      </div>
      {unknown ? (
        <div className="topbar-note" role="status">
          Unknown network “{unknown}”: showing {networks[0]}. Configured: {networks.join(', ')}.
        </div>
      ) : null}
    </header>
  );
}

export function ThemeToggle() {
  const [theme, setTheme] = useState<string | null>(null);
  useEffect(() => {
    setTheme(document.documentElement.dataset.theme ?? 'light');
  }, []);
  const toggle = () => {
    const next = theme === 'dark' ? 'light' : 'dark';
    document.documentElement.dataset.theme = next;
    try {
      localStorage.setItem('cr-theme', next);
    } catch {
      /* private mode */
    }
    setTheme(next);
  };
  return (
    <button
      type="button"
      className="btn btn-icon"
      onClick={toggle}
      aria-label={`Switch to ${theme === 'dark' ? 'light' : 'dark'} theme`}
      title="Toggle theme"
      data-theme-toggle
    >
      {theme === 'dark' ? '☀' : '☾'}
    </button>
  );
}

export function RetryButton({ label = 'Retry' }: { label?: string }) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  return (
    <button
      type="button"
      className="btn"
      data-retry
      onClick={() => {
        setBusy(true);
        router.refresh();
        setTimeout(() => setBusy(false), 1500);
      }}
    >
      {busy ? 'Retrying…' : label}
    </button>
  );
}
