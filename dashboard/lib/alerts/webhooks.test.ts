import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AlertState, type Condition } from '@/lib/alerts/state';
import { SIGNATURE_HEADER, WebhookDispatcher, type WebhookBody } from '@/lib/alerts/webhooks';
import { createHmac } from 'node:crypto';
import { NetworkMonitor } from '@/lib/alerts/monitor';
import { parseRules } from '@/lib/alerts/rules';

/** HTTP receiver on an ephemeral port; `reply` decides per request (n = 1-based request count). */
async function receiver(reply: (n: number, body: WebhookBody, res: ServerResponse) => void) {
  const got: Array<{ body: WebhookBody; attempt: string | undefined; at: number }> = [];
  let n = 0;
  const held: ServerResponse[] = [];
  const server = createServer((req: IncomingMessage, res) => {
    held.push(res);
    let data = '';
    req.on('data', (c) => (data += c));
    req.on('end', () => {
      const body = JSON.parse(data) as WebhookBody;
      got.push({
        body,
        attempt: req.headers['x-delivery-attempt'] as string | undefined,
        at: Date.now(),
      });
      reply(++n, body, res);
    });
  });
  // every socket, so close() can end them all (a request left unanswered keeps server.close() waiting)
  const sockets = new Set<Socket>();
  server.on('connection', (sock) => {
    sockets.add(sock);
    sock.on('close', () => sockets.delete(sock));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  return {
    url,
    got,
    close: () =>
      new Promise<void>((r) => {
        for (const x of held) x.destroy();
        for (const x of sockets) x.destroy();
        server.close(() => r());
      }),
  };
}

const cond = (subject: string): Condition => ({
  rule: 'hf',
  type: 'health_factor',
  severity: 'critical',
  subject,
  value: 0.9,
  threshold: 1,
  message: `${subject} below`,
});
const R = new Set(['hf']);
const target = (
  url: string,
  o: Partial<{ timeoutMs: number; retries: number; backoffMs: number }> = {},
) => ({ url, timeoutMs: 2000, retries: 3, backoffMs: 20, ...o });

test('a local receiver gets each alert event exactly once, with the documented body', async () => {
  const rx = await receiver((_n, _b, res) => {
    res.writeHead(204);
    res.end();
  });
  try {
    const d = new WebhookDispatcher([target(rx.url)]);
    const s = new AlertState('devnet');
    const sent: string[] = [];
    const steps: Condition[][] = [
      [cond('a')],
      [cond('a'), cond('b')],
      [cond('a'), cond('b')],
      [cond('b')],
      [],
      [cond('a')],
    ];
    steps.forEach((c, i) => {
      for (const e of s.apply({ number: 100 + i, timestamp: 5000 + i }, c, R)) {
        sent.push(`${e.event}|${e.alert.id}`);
        d.enqueue(e);
      }
    });
    await d.idle();
    assert.deepEqual(sent, [
      'alert.opened|devnet:hf:a:100',
      'alert.opened|devnet:hf:b:101',
      'alert.resolved|devnet:hf:a:100',
      'alert.resolved|devnet:hf:b:101',
      'alert.opened|devnet:hf:a:105',
    ]);
    assert.deepEqual(
      rx.got.map((g) => `${g.body.event}|${g.body.alert.id}`),
      sent,
      'each event once, in order',
    );
    const resolved = rx.got[2].body;
    assert.deepEqual(
      Object.keys(resolved.alert).sort(),
      [
        'id',
        'lastBlock',
        'message',
        'network',
        'openedAfter',
        'openedAt',
        'openedBlock',
        'resolvedAfter',
        'resolvedAt',
        'resolvedBlock',
        'rule',
        'severity',
        'subject',
        'threshold',
        'type',
        'value',
      ].sort(),
    );
    assert.equal(resolved.alert.openedBlock, 100);
    assert.equal(resolved.alert.openedAfter, null, 'block 100 was the first evaluated');
    assert.equal(resolved.alert.resolvedAfter, 102);
    assert.equal(resolved.alert.resolvedBlock, 103);
    assert.equal(resolved.alert.resolvedAt, 5003);
    assert.equal(resolved.deliveryId, 'devnet:hf:a:100:alert.resolved');
    assert.deepEqual(d.stats, {
      delivered: 5,
      failed: 0,
      retries: 0,
      dropped: 0,
      pending: 0,
      duplicates: 0,
    });
  } finally {
    await rx.close();
  }
});

test('a webhook returning 500 is retried with backoff until it succeeds; 4xx is not retried', async () => {
  const rx = await receiver((n, _b, res) => {
    res.writeHead(n <= 2 ? 500 : n === 3 ? 200 : 400);
    res.end();
  });
  try {
    const d = new WebhookDispatcher([target(rx.url, { backoffMs: 50 })], { log: () => {} });
    const s = new AlertState('devnet');
    for (const e of s.apply({ number: 1, timestamp: 1 }, [cond('a')], R)) d.enqueue(e);
    await d.idle();
    assert.deepEqual(
      rx.got.map((g) => g.attempt),
      ['1', '2', '3'],
    );
    assert.ok(
      rx.got[1].at - rx.got[0].at >= 45 && rx.got[2].at - rx.got[1].at >= 95,
      `exponential backoff: ${rx.got.map((g) => g.at - rx.got[0].at)}`,
    );
    assert.deepEqual([d.stats.delivered, d.stats.retries, d.stats.failed], [1, 2, 0]);
    for (const e of s.apply({ number: 2, timestamp: 2 }, [], R)) d.enqueue(e); // gets 400
    await d.idle();
    assert.equal(rx.got.length, 4, '400 is final');
    assert.deepEqual([d.stats.delivered, d.stats.failed], [1, 1]);
  } finally {
    await rx.close();
  }
});

test('a webhook that times out is retried and never stalls evaluation or other webhooks', async () => {
  // the slow receiver never answers its first two requests
  const slow = await receiver((n, _b, res) => {
    if (n > 2) {
      res.writeHead(200);
      res.end();
    }
  });
  const fast = await receiver((_n, _b, res) => {
    res.writeHead(200);
    res.end();
  });
  try {
    const d = new WebhookDispatcher(
      [target(slow.url, { timeoutMs: 2500, backoffMs: 10 }), target(fast.url)],
      { log: () => {} },
    );
    const s = new AlertState('devnet');
    const t0 = Date.now();
    for (let b = 1; b <= 20; b++)
      for (const e of s.apply({ number: b, timestamp: b }, b % 2 ? [cond('a')] : [], R))
        d.enqueue(e);
    const evalMs = Date.now() - t0;
    assert.ok(
      evalMs < 1000,
      `20 blocks evaluated and enqueued in ${evalMs} ms while the receiver holds its first request for 2.5 s`,
    );
    while (fast.got.length < 20 && Date.now() - t0 < 2000)
      await new Promise((r) => setTimeout(r, 20));
    assert.equal(fast.got.length, 20, 'the fast receiver is not held up by the slow one');
    assert.equal(slow.got.length, 1, 'all while the slow receiver still holds its first request');
    await d.idle();
    assert.equal(slow.got.length, 22, 'two timed-out attempts, then all 20 events');
    assert.deepEqual(
      slow.got.slice(0, 3).map((g) => g.body.deliveryId),
      Array(3).fill('devnet:hf:a:1:alert.opened'),
      'the timed-out event is retried first (order kept)',
    );
    assert.deepEqual(new Set(slow.got.slice(2).map((g) => g.body.deliveryId)).size, 20);
    assert.equal(d.stats.retries, 2);
    d.stop();
  } finally {
    await slow.close();
    await fast.close();
  }
});

test('monitor: new blocks are evaluated on each poll while the webhook hangs', async () => {
  // a minimal graph-node look-alike: _meta and markets at the head block
  let head = 10;
  const util = (b: number) => (b >= 12 && b < 14 ? 0.97 : 0.5);
  const gql = createServer((req, res) => {
    let data = '';
    req.on('data', (c) => (data += c));
    req.on('end', () => {
      const q = (JSON.parse(data) as { query: string }).query;
      const out: Record<string, unknown> = {};
      if (q.includes('_meta'))
        out._meta = {
          block: {
            number: head,
            hash: `0x${head.toString(16).padStart(64, '0')}`,
            timestamp: 1_700_000_000 + head * 12,
          },
          hasIndexingErrors: false,
        };
      if (q.includes('markets'))
        out.markets = [
          {
            id: '0xaa',
            symbol: 'WETH',
            decimals: 18,
            utilization: String(util(head)),
            totalSupply: '1',
            totalVariableDebt: '0',
            totalStableDebt: '0',
            supplyCap: '0',
            borrowCap: '0',
            underlyingToken: {
              lastPriceUSD: '2000',
              lastPriceBlock: String(head),
              lastPriceTimestamp: String(1_700_000_000 + head * 12),
            },
          },
        ];
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ data: out }));
    });
  });
  await new Promise<void>((r) => gql.listen(0, '127.0.0.1', r));
  const hang = await receiver(() => {
    /* never answers */
  });
  try {
    const cfg = parseRules(
      `rules:\n  - { id: util, type: utilization, max: 0.9 }\nwebhooks:\n  - { url: "${hang.url}", timeoutMs: 5000, retries: 5 }\n`,
      'test.yaml',
    );
    const d = new WebhookDispatcher(cfg.webhooks, { log: () => {} });
    const file = join(mkdtempSync(join(tmpdir(), 'alert-mon-')), 'devnet.json');
    const m = new NetworkMonitor(
      { name: 'devnet', subgraphUrl: `http://127.0.0.1:${(gql.address() as AddressInfo).port}/` },
      cfg,
      new AlertState('devnet', { file }),
      d,
    );
    const t0 = Date.now();
    const seen: string[] = [];
    for (head = 10; head <= 15; head++) {
      await m.tick();
      await m.tick(); // same block again: no second evaluation
      seen.push(`${head}:${m.state.open.size}`);
    }
    assert.ok(
      Date.now() - t0 < 3000,
      `6 blocks took ${Date.now() - t0} ms with a hanging webhook (timeout 5 s)`,
    );
    assert.deepEqual(seen, ['10:0', '11:0', '12:1', '13:1', '14:0', '15:0']);
    assert.deepEqual(
      m.state.recent.map((a) => [a.subject, a.openedBlock, a.resolvedBlock]),
      [['market:WETH', 12, 14]],
    );
    assert.equal(d.stats.pending, 2, 'opened and resolved still queued for the hanging receiver');
    assert.equal(hang.got.length, 1, 'one request in flight, the resolved event waits behind it');
    d.stop();
    await d.idle();
  } finally {
    await hang.close();
    await new Promise<void>((r) => {
      gql.closeAllConnections();
      gql.close(() => r());
    });
  }
});

test('across a restart: what was queued is sent once, what was delivered is never sent again', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'alert-outbox-'));
  const file = join(dir, 'webhook-outbox.json');
  const ok = await receiver((_n, _b, res) => {
    res.writeHead(200);
    res.end();
  });
  try {
    const s = new AlertState('devnet');
    // first run: the receiver never answers, both events stay queued on disk
    const hang = ((_url: string, init: RequestInit) =>
      new Promise((_ok, fail) =>
        init.signal!.addEventListener('abort', () => fail(new Error('aborted'))),
      )) as typeof fetch;
    const first = new WebhookDispatcher([target(ok.url)], { file, fetch: hang, log: () => {} });
    const events = [
      ...s.apply({ number: 1, timestamp: 1 }, [cond('a')], R),
      ...s.apply({ number: 2, timestamp: 2 }, [], R),
    ];
    for (const e of events) first.enqueue(e);
    first.stop(); // the dashboard stops with both events undelivered
    // second run: same outbox file, the receiver answers
    const second = new WebhookDispatcher([target(ok.url)], { file, log: () => {} });
    await second.idle();
    assert.deepEqual(
      ok.got.map((g) => g.body.deliveryId),
      ['devnet:hf:a:1:alert.opened', 'devnet:hf:a:1:alert.resolved'],
    );
    // the evaluation that produced them runs again (a restart before the state file was saved)
    for (const e of events) second.enqueue(e);
    await second.idle();
    assert.equal(ok.got.length, 2, 'delivered events are not sent again');
    second.stop();
    // third run: nothing pending, delivered ids remembered
    const third = new WebhookDispatcher([target(ok.url)], { file, log: () => {} });
    for (const e of events) third.enqueue(e);
    await third.idle();
    assert.equal(ok.got.length, 2);
    assert.equal(third.stats.duplicates, 2);
    third.stop();
  } finally {
    await ok.close();
  }
});

test('with a secret, each delivery carries the HMAC-SHA256 of its exact body', async () => {
  const bodies: Array<{ raw: string; sig: string | undefined }> = [];
  const server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', () => {
      bodies.push({ raw, sig: req.headers[SIGNATURE_HEADER] as string | undefined });
      res.writeHead(200);
      res.end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  try {
    const d = new WebhookDispatcher([
      { ...target(url), secret: 's3cret' },
      { ...target(url.replace('/hook', '/plain')) },
    ]);
    const s = new AlertState('devnet');
    for (const e of s.apply({ number: 7, timestamp: 7 }, [cond('a')], R)) d.enqueue(e);
    await d.idle();
    assert.equal(bodies.length, 2);
    const signed = bodies.find((b) => b.sig)!;
    assert.equal(
      signed.sig,
      `sha256=${createHmac('sha256', 's3cret').update(signed.raw).digest('hex')}`,
    );
    assert.equal(JSON.parse(signed.raw).deliveryId, 'devnet:hf:a:7:alert.opened');
    assert.equal(
      bodies.filter((b) => !b.sig).length,
      1,
      'a webhook without a secret is not signed',
    );
  } finally {
    await new Promise<void>((r) => {
      server.closeAllConnections();
      server.close(() => r());
    });
  }
});

test('rules file: webhook secret per target, ALERT_WEBHOOK_SECRET for the others', () => {
  const cfg = parseRules(
    'webhooks:\n  - { url: "https://a.example/h", secret: own }\n  - https://b.example/h\nrules: []\n',
    'x.yaml',
    { ALERT_WEBHOOK_SECRET: 'shared', ALERT_WEBHOOKS: 'https://c.example/h' },
  );
  assert.deepEqual(
    cfg.webhooks.map((w) => [w.url, w.secret]),
    [
      ['https://a.example/h', 'own'],
      ['https://b.example/h', 'shared'],
      ['https://c.example/h', 'shared'],
    ],
  );
  assert.throws(
    () =>
      parseRules(
        'webhooks:\n  - { url: "https://a.example/h", secret: 5 }\nrules: []\n',
        'x.yaml',
        {},
      ),
    /field "secret" must be a non-empty string/,
  );
});
