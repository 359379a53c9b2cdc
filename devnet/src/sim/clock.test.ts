// Pins the visit calendar: hour buckets keep booking order (part of what makes a seed
// reproducible), taking an hour empties it, and arrivals stay where they were booked.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { User } from './account.ts';
import { VisitCalendar } from './clock.ts';

const u = (i: number, joinHour = 0) => ({ i, joinHour }) as User;

test('visits come back in booking order and an hour is taken once', () => {
  const c = new VisitCalendar(2, 1_700_000_000);
  assert.equal(c.hours, 48);
  assert.equal(c.timeOf(3), 1_700_010_800);
  c.schedule(u(5), 4);
  c.schedule(u(2), 4);
  c.schedule(u(9), 6);
  assert.deepEqual(c.takeVisits(4), [5, 2]);
  assert.deepEqual(c.takeVisits(4), []);
  assert.deepEqual(c.takeVisits(6), [9]);
});

test('arrivals are booked by join hour', () => {
  const c = new VisitCalendar(1, 0);
  c.bookArrivals([u(0, 3), u(1, 0), u(2, 3)]);
  assert.deepEqual(c.arrivals(3), [0, 2]);
  assert.deepEqual(c.arrivals(3), [0, 2]);
  assert.deepEqual(c.arrivals(1), []);
});
