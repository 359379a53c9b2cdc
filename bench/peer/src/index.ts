import { ponder } from 'ponder:registry';
import { poolEvent, position } from 'ponder:schema';

for (const kind of ['Supply', 'Withdraw', 'Borrow', 'Repay'] as const) {
  ponder.on(`Pool:${kind}` as never, async ({ event, context }: any) => {
    const a = event.args;
    const user = (a.onBehalfOf ?? a.user) as `0x${string}`;
    await context.db.insert(poolEvent).values({ id: `${event.block.number}-${event.log.logIndex}`, kind, reserve: a.reserve, user, amount: a.amount, block: event.block.number });
    const id = `${user}-${a.reserve}`;
    const s = kind === 'Supply' ? a.amount : kind === 'Withdraw' ? -a.amount : 0n;
    const b = kind === 'Borrow' ? a.amount : kind === 'Repay' ? -a.amount : 0n;
    await context.db.insert(position).values({ id, supplied: s, borrowed: b }).onConflictDoUpdate((row: any) => ({ supplied: row.supplied + s, borrowed: row.borrowed + b }));
  });
}
