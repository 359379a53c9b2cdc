// GET/POST /api/graphql: see dashboard/lib/graphql-proxy.ts
import { graphqlGetHandler, graphqlPostHandler } from '@/lib/graphql-proxy';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

export const GET = graphqlGetHandler;
export const POST = graphqlPostHandler;
