import type { Metadata, Viewport } from 'next';
import localFont from 'next/font/local';
import { Suspense, type ReactNode } from 'react';
import { NavBar } from '@/components/Shell';
import { LiveRefresh } from '@/components/LiveRefresh';
import { getNetworkNames } from '@/lib/config';
import '@/app/globals.css';

const inter = localFont({
  src: '../../node_modules/@fontsource-variable/inter/files/inter-latin-wght-normal.woff2',
  variable: '--font-inter',
  weight: '100 900',
  display: 'swap',
});

// network names come from the runtime environment, not the build's
export const dynamic = 'force-dynamic';

export const metadata: Metadata = {
  title: { default: 'Collateral Radar', template: '%s · Collateral Radar' },
  description: 'Open health monitor for Aave V3 lending markets',
};

export const viewport: Viewport = { width: 'device-width', initialScale: 1 };

// Sets the theme before first paint (stored choice, else the OS preference).
const themeScript = `try{var t=localStorage.getItem('cr-theme');if(!t)t=matchMedia('(prefers-color-scheme: dark)').matches?'dark':'light';document.documentElement.dataset.theme=t}catch(e){}`;

export default function RootLayout({ children }: { children: ReactNode }) {
  // Only network names reach the client; endpoint URLs stay on the server.
  const networks = getNetworkNames();
  return (
    <html lang="en" className={inter.variable} suppressHydrationWarning>
      <head>
        <script dangerouslySetInnerHTML={{ __html: themeScript }} />
      </head>
      <body>
        <Suspense
          fallback={
            <header className="topbar">
              <div className="topbar-inner" />
            </header>
          }
        >
          <NavBar networks={networks} />
        </Suspense>
        <LiveRefresh networks={networks} />
        <main className="container">{children}</main>
        <footer className="footer">
          Collateral Radar · data from the subgraph at the block shown; USD values as the
          protocol&apos;s oracle reported them.
        </footer>
      </body>
    </html>
  );
}
