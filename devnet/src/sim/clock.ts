// Simulated time: the history runs in hours from `startTime`, and each account's next visit is
// booked in an hour bucket. Buckets keep the order accounts were booked in, which is part of what
// makes a seed reproduce the same transactions.
import type { User } from './account.ts';

export class VisitCalendar {
  /** Length of the history in whole hours. */
  readonly hours: number;
  private readonly visits = new Map<number, number[]>();
  private readonly joins = new Map<number, number[]>();

  constructor(
    days: number,
    /** Unix seconds of hour 0. */
    readonly startTime: number,
  ) {
    this.hours = Math.round(days * 24);
  }

  /** Unix seconds at the start of simulated hour `h`. */
  timeOf(h: number): number {
    return this.startTime + h * 3600;
  }

  /** Book each account's arrival at its join hour. */
  bookArrivals(users: User[]): void {
    for (const u of users) {
      const list = this.joins.get(u.joinHour);
      if (list) list.push(u.i);
      else this.joins.set(u.joinHour, [u.i]);
    }
  }

  /** Accounts arriving in hour `h`. */
  arrivals(h: number): number[] {
    return this.joins.get(h) ?? [];
  }

  schedule(u: User, hour: number): void {
    const list = this.visits.get(hour);
    if (list) list.push(u.i);
    else this.visits.set(hour, [u.i]);
  }

  /** Accounts booked for hour `h`, removed from the calendar. */
  takeVisits(h: number): number[] {
    const list = this.visits.get(h) ?? [];
    this.visits.delete(h);
    return list;
  }
}
