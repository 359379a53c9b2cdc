// Aave 3.4+ position managers: an account approves (or revokes) an address that may then act on
// its positions for it. One row per account and manager, with its current state, so a page can
// list who may act on an account and since when.
import { PositionManagerApproval } from '../generated/schema';
import { PositionManagerApproved, PositionManagerRevoked } from '../generated/templates/Pool/Pool';
import { contextProtocol, getOrCreateAccount } from './entities';

export function handlePositionManagerApproved(event: PositionManagerApproved): void {
  let protocol = contextProtocol(event);
  let account = getOrCreateAccount(event.params.user, protocol, event);
  account.save();
  let id = event.params.user.concat(event.params.positionManager);
  let a = PositionManagerApproval.load(id);
  if (a === null) {
    a = new PositionManagerApproval(id);
    a.account = account.id;
    a.positionManager = event.params.positionManager;
    a.approvals = 0;
  }
  a.active = true;
  a.approvals += 1;
  a.approvedAtBlock = event.block.number;
  a.approvedAtTimestamp = event.block.timestamp;
  a.revokedAtBlock = null;
  a.revokedAtTimestamp = null;
  a.save();
}

export function handlePositionManagerRevoked(event: PositionManagerRevoked): void {
  let id = event.params.user.concat(event.params.positionManager);
  let a = PositionManagerApproval.load(id);
  // The Pool emits Revoked only for an approved manager; a row is missing only when the
  // approval predates the start block.
  if (a === null) return;
  a.active = false;
  a.revokedAtBlock = event.block.number;
  a.revokedAtTimestamp = event.block.timestamp;
  a.save();
}
