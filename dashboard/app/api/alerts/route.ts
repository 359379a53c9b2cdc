import { alertsHandler } from '@/lib/alerts/api';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

export const GET = alertsHandler;
