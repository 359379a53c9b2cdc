// GET /api/risk/cascade — see dashboard/lib/risk/README.md
import { cascadeHandler } from '@/lib/api/cascade';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';
export const GET = cascadeHandler;
