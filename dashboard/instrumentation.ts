// Next's server-start hook (runs once per server process): start the alert monitor so rules are
// evaluated on every new indexed block even when nobody has the dashboard open. The monitor is a
// process-wide singleton (globalThis), so dev-mode re-runs do not start a second one; the alerts
// API and page also start it lazily if this hook did not run. ALERTS=off disables it.
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs' || process.env.ALERTS === 'off') return;
  // build-time page-data collection imports the server too: only start in a serving process
  if (process.env.NEXT_PHASE === 'phase-production-build') return;
  const { ensureAlertMonitor } = await import('@/lib/alerts/monitor');
  ensureAlertMonitor();
}
