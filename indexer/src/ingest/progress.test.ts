// Pins down the progress line off a TTY (what `npm start` shows): an ETA while catching up, and
// at the head "synced, following head" once when it gets there, then only once a minute.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Progress } from './progress.ts';

function fakeStream() {
  const lines: string[] = [];
  const stream = {
    isTTY: false,
    write: (s: string) => {
      lines.push(s.trimEnd());
      return true;
    },
  };
  return { lines, stream: stream as unknown as NodeJS.WriteStream };
}

test('catching up shows an ETA; at the head it says synced, following head, once a minute', () => {
  // Progress reads Date.now(); the test moves it by hand.
  const realNow = Date.now;
  let now = 1_000_000;
  Date.now = () => now;
  const tick = (ms: number) => {
    now += ms;
  };
  try {
    const { lines, stream } = fakeStream();
    const p = new Progress({ stream, everySec: 5, label: '[indexer] devnet' });
    p.update(100, 700, 10, 100);
    tick(6_000);
    p.update(400, 700, 10, 300);
    assert.equal(lines.length, 2);
    assert.match(lines[1], /^\[indexer\] devnet block 400\/700 \(57\.1%\) .* ETA \d+s$/);

    tick(1_500); // sooner than everySec: the arrival at the head is still shown
    p.update(700, 700, 10, 300);
    assert.equal(lines.length, 3);
    assert.equal(lines[2], '[indexer] devnet synced, following head: block 700');

    for (let i = 1; i <= 10; i++) {
      tick(5_000);
      p.update(700 + i, 700 + i, 1, 1);
    }
    assert.equal(lines.length, 3, 'no repeated line within a minute of reaching the head');
    tick(15_000);
    p.update(720, 720, 1, 1);
    assert.deepEqual(lines.slice(3), ['[indexer] devnet synced, following head: block 720']);
    assert.ok(lines.every((l) => !/ETA synced/.test(l)));
  } finally {
    Date.now = realNow;
  }
});
