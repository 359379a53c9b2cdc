// GET /api/risk/account/[address] — see dashboard/lib/risk/README.md
import { accountHandler } from '@/lib/api/risk';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';
export const GET = accountHandler;
