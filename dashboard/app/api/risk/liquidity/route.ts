// GET /api/risk/liquidity — see dashboard/lib/risk/README.md
import { liquidityHandler } from '@/lib/api/cascade';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';
export const GET = liquidityHandler;
