// GET /api/risk/predict — see dashboard/lib/predict/README.md
import { predictHandler } from '@/lib/api/predict';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';
export const GET = predictHandler;
