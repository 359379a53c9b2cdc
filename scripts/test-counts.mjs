// Reads a test suite's output into counts: passed, failed, skipped, and the skipped tests' names
// and reasons. Two formats are understood: node:test's TAP ("# pass N", "# fail N",
// "# cancelled N", "# skipped N", "# todo N", and "ok N - name # SKIP reason" lines at any depth)
// and a closing "N passed, N failed[, N skipped]" line (the matchstick runner, the build and
// typecheck suites). A cancelled test (a failing `before`, a timeout) is a failure, a todo is a
// skip, and a suite that exits 0 with no tests at all is a failure: "0 passed, 0 failed" from a
// runner that found no test files means nothing ran. No I/O here, so the rules are unit-tested.

const SKIP_LINE = /^\s*(?:not )?ok \d+ - (.*?) # (SKIP|TODO)\b ?(.*)$/;
const TAP_COUNT = /^# (pass|fail|cancelled|skipped|todo|tests) (\d+)$/;
const PLAIN_COUNT = /^(?:[\w-]+: )?(\d+) passed, (\d+) failed(?:, (\d+) skipped)?/;

/** TAP escapes `#` and `\` in test names; shows them as written. */
const unescapeName = (name) => name.replace(/\\(.)/g, '$1');

/** A line-by-line reader of one suite's output; `push` takes chunks as they arrive. */
export function createCounter() {
  const tap = {};
  let plain = null;
  const skips = [];
  let partial = '';

  function line(text) {
    const skip = SKIP_LINE.exec(text);
    if (skip) {
      const reason = skip[3].trim();
      skips.push({
        name: unescapeName(skip[1]),
        reason: skip[2] === 'TODO' ? `todo${reason ? `: ${reason}` : ''}` : reason,
      });
      return;
    }
    const count = TAP_COUNT.exec(text);
    if (count) {
      tap[count[1]] = Number(count[2]); // the last summary wins: it is the run's own
      return;
    }
    const closing = PLAIN_COUNT.exec(text);
    if (closing) plain = { passed: +closing[1], failed: +closing[2], skipped: +(closing[3] ?? 0) };
  }

  return {
    push(chunk) {
      const lines = (partial + chunk).split(/\r?\n/);
      partial = lines.pop();
      for (const l of lines) line(l);
    },
    /** The suite's counts once it has exited with `code`; `notes` say why a count was changed. */
    result(code) {
      if (partial) line(partial);
      partial = '';
      return countsFrom({ tap, plain, skips, code });
    },
  };
}

function countsFrom({ tap, plain, skips, code }) {
  const notes = [];
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  let counted = true;
  if ('pass' in tap || 'fail' in tap || 'tests' in tap) {
    passed = tap.pass ?? 0;
    failed = (tap.fail ?? 0) + (tap.cancelled ?? 0);
    skipped = (tap.skipped ?? 0) + (tap.todo ?? 0);
    if (tap.cancelled) notes.push(`${tap.cancelled} cancelled (counted as failed)`);
  } else if (plain) {
    ({ passed, failed, skipped } = plain);
  } else {
    counted = false;
  }
  if (!counted) {
    notes.push('no test counts in its output');
    if (failed === 0) failed = 1;
  } else if (passed + failed + skipped === 0) {
    notes.push('no tests found');
    failed = 1;
  }
  if (code !== 0 && failed === 0) {
    notes.push(`exit code ${code} without a failing test (counted as 1 failed)`);
    failed = 1;
  }
  return { passed, failed, skipped, skips, notes };
}

/** "N passed, N failed, N skipped" */
export const summaryLine = ({ passed, failed, skipped }) =>
  `${passed} passed, ${failed} failed, ${skipped} skipped`;
