// GET /api/risk/at-risk — see dashboard/lib/risk/README.md
import { atRiskHandler } from '@/lib/api/risk';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';
export const GET = atRiskHandler;
