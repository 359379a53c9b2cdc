// The manifest one network builds from: the committed subgraph.yaml with the optional data
// sources its networks.json entry does not configure left out (UniswapV3Factory on a network
// without Uniswap V3, or a devnet that deployed none). Every other data source stays, so a
// missing PoolAddressesProvider still fails `graph build --network` by name.
import { parseDocument } from 'yaml';

/** Data sources a network may go without. */
export const OPTIONAL_SOURCES = ['UniswapV3Factory'];

/** `text` for the network whose networks.json entry is `entry`, and the data sources left out. */
export function manifestFor(text, entry) {
  const left = OPTIONAL_SOURCES.filter((name) => !entry[name]);
  if (!left.length) return { text, left };
  const doc = parseDocument(text);
  const sources = doc.get('dataSources');
  sources.items = sources.items.filter((ds) => !left.includes(ds.get('name')));
  return { text: doc.toString(), left };
}
