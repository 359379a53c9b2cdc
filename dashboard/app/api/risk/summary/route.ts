// GET /api/risk/summary — see dashboard/lib/risk/README.md
import { summaryHandler } from '@/lib/api/risk';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';
export const GET = summaryHandler;
