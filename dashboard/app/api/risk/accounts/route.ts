// GET /api/risk/accounts — see dashboard/lib/risk/README.md
import { accountsHandler } from '@/lib/risk/api';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';
export const GET = accountsHandler;
