// The words the pages and CSVs use for a borrower status (lib/risk/status.ts), one place.
import type { BorrowerStatus } from '@/lib/risk/status';

export const STATUS_LABEL: Record<BorrowerStatus, string> = {
  insolvent: 'insolvent (bad debt)',
  liquidatable: 'liquidatable',
  'at-risk': 'at risk',
  healthy: 'healthy',
};
