import type { NextConfig } from 'next';
import path from 'node:path';

const nextConfig: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // the workspace root holds the hoisted node_modules (fonts, packages)
  turbopack: { root: path.join(__dirname, '..') },
  outputFileTracingRoot: path.join(__dirname, '..'),
  // `npm start` builds with NEXT_BUILD_TYPECHECK=0: the type-check is `npm run typecheck`'s job
  // (tsc -p dashboard), and it would add about as much time as the build itself. A plain
  // `next build` still type-checks.
  typescript: { ignoreBuildErrors: process.env.NEXT_BUILD_TYPECHECK === '0' },
};

export default nextConfig;
