// GET /api/risk/history — see dashboard/lib/risk/README.md
import { historyHandler } from '@/lib/api/history';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';
export const GET = historyHandler;
