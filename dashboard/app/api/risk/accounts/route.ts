// GET /api/risk/accounts — see dashboard/lib/risk/README.md
import { accountsHandler } from '@/lib/api/risk';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';
export const GET = accountsHandler;
