// Browser tests of the dashboard against the fixture GraphQL server (graph-node shaped data,
// tests/browser/fixtures). The same suite runs against the real stack in real-stack.test.ts.
import { defineDashboardSuite } from './suite.ts';
import { startFixtureServer } from './fixtures/server.ts';

defineDashboardSuite({
  name: 'fixture GraphQL',
  prefix: '',
  fixture: true,
  start: async () => {
    const fx = await startFixtureServer(0);
    return { url: fx.url, statusUrl: fx.statusUrl, network: 'devnet', close: () => fx.close() };
  },
});
