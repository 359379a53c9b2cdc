// GET /api/risk/var — see dashboard/lib/risk/README.md
import { varHandler } from '@/lib/api/risk';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';
export const GET = varHandler;
