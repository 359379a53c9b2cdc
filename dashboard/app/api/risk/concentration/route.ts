// GET /api/risk/concentration — see dashboard/lib/risk/README.md
import { concentrationHandler } from '@/lib/api/risk';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';
export const GET = concentrationHandler;
