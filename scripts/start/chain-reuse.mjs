// Whether `npm start` can keep the indexed store of the previous start instead of indexing the
// devnet's history again. The devnet is deterministic: the same scenario (seed, accounts, days),
// the same start time and the same code give the same blocks, hash for hash. So a restart runs
// the devnet with the previous start time and keeps the store, and once the history is mined
// again it compares the block hash at the history's last block with the one recorded the first
// time: equal hashes mean the same chain up to there (each hash commits to all its parents).
// Live blocks after the history carry wall-clock timestamps and differ between runs; the
// indexer sees them as a reorg and reverts to the history's end by itself.
// No I/O except reading and writing the record, so the decisions are unit-tested.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** A history that ended longer ago than this is simulated afresh, so "now" stays near its end. */
export const MAX_HISTORY_AGE_HOURS = 24;

/** The devnet's default start: `days` before the current hour (as devnet/src/index.ts does). */
export function defaultStartTime(nowMs, days) {
  return Math.floor(nowMs / 3_600_000) * 3600 - Math.round(days * 24) * 3600;
}

/**
 * Decides between reusing the previous chain and a fresh one.
 *   record: the previous start's record (or null); key: hash of the scenario and of every input
 *   that shapes the chain or the indexed data; storeExists: the indexer's data is there;
 *   fresh: the user asked for a new chain. Returns { reuse, startTime, reason }.
 */
export function planChain({ record, key, scenario, storeExists, fresh = false, nowMs }) {
  const freshPlan = (reason) => ({
    reuse: false,
    startTime: defaultStartTime(nowMs, scenario.days),
    reason,
  });
  if (fresh) return freshPlan('--fresh asks for a new chain');
  if (!record) return freshPlan('no previous devnet chain is recorded');
  if (!storeExists) return freshPlan('there is no indexed store to reuse');
  if (record.key !== key)
    return freshPlan('the scenario or the code changed since the store was indexed');
  if (!record.historyEndHash)
    return freshPlan('the previous start stopped before its history was complete');
  const endMs = (record.startTime + Math.round(scenario.days * 24) * 3600) * 1000;
  const ageHours = (nowMs - endMs) / 3_600_000;
  if (ageHours > MAX_HISTORY_AGE_HOURS) {
    return freshPlan(
      `the recorded history ended ${ageHours.toFixed(0)} h ago (more than ${MAX_HISTORY_AGE_HOURS} h)`,
    );
  }
  return {
    reuse: true,
    startTime: record.startTime,
    reason: `same scenario and code, history ended ${ageHours.toFixed(1)} h ago`,
  };
}

/**
 * After the history is mined again: the devnet's hash at the recorded history end must equal the
 * recorded one. Returns { same, reason }.
 */
export function sameChain(record, devnetBlock) {
  if (!devnetBlock)
    return { same: false, reason: `the devnet has no block ${record.historyEndBlock}` };
  if (devnetBlock.number !== record.historyEndBlock) {
    return {
      same: false,
      reason: `the history now ends at block ${devnetBlock.number}, not ${record.historyEndBlock}`,
    };
  }
  if (devnetBlock.hash.toLowerCase() !== record.historyEndHash.toLowerCase()) {
    return {
      same: false,
      reason: `block ${record.historyEndBlock} has hash ${devnetBlock.hash}, the store indexed ${record.historyEndHash}`,
    };
  }
  return {
    same: true,
    reason: `block ${record.historyEndBlock} has the recorded hash ${record.historyEndHash.slice(0, 10)}…`,
  };
}

export function readRecord(file) {
  try {
    return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : null;
  } catch {
    return null; // a torn or hand-edited record means a fresh chain, never a wrong reuse
  }
}

export function writeRecord(file, record) {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(record, null, 2)}\n`);
}
