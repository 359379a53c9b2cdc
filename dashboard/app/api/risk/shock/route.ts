// GET /api/risk/shock — see dashboard/lib/risk/README.md
import { shockHandler } from '@/lib/api/risk';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';
export const GET = shockHandler;
