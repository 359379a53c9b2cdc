// GET /api/risk/curve — see dashboard/lib/risk/README.md
import { curveHandler } from '@/lib/api/risk';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';
export const GET = curveHandler;
