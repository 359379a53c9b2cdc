// Query field names as graph-node derives them with the Inflector crate (`to_camel_case`,
// `to_plural`): a capital stays capital only right after a lowercase letter, everything else
// is lowercased. `Market` → market / markets, `EModeCategory` → emodeCategory /
// emodeCategories, `Supply` → supply / supplies, `MarketDailySnapshot` → marketDailySnapshots.

export function lowerCamel(name: string): string {
  let newWord = false,
    last = ' ',
    out = '',
    started = false;
  const lower = (c: string) => c >= 'a' && c <= 'z';
  const upper = (c: string) => c >= 'A' && c <= 'Z';
  for (const ch of name) {
    if (ch === '-' || ch === '_' || ch === ' ') {
      if (started) newWord = true;
      continue;
    }
    started = true;
    if (ch >= '0' && ch <= '9') {
      newWord = true;
      out += ch;
      continue;
    }
    if (newWord || (lower(last) && upper(ch))) {
      newWord = false;
      out += ch.toUpperCase();
    } // `last` is not updated here (as Inflector)
    else {
      last = ch;
      out += ch.toLowerCase();
    }
  }
  return out;
}

const IRREGULAR: Record<string, string> = {
  person: 'people',
  child: 'children',
  man: 'men',
  woman: 'women',
  mouse: 'mice',
  datum: 'data',
  index: 'indices',
  status: 'statuses',
};
const UNCOUNTABLE = new Set([
  'data',
  'information',
  'equipment',
  'news',
  'series',
  'species',
  'sheep',
  'fish',
  'deer',
  'money',
]);

export function pluralize(word: string): string {
  const m = /([A-Z]?[a-z0-9]*)$/.exec(word);
  const last = (m?.[1] ?? word).toLowerCase();
  const head = word.slice(0, word.length - last.length);
  const keepCase = (s: string) =>
    m?.[1] && /^[A-Z]/.test(m[1]) ? s.charAt(0).toUpperCase() + s.slice(1) : s;
  if (UNCOUNTABLE.has(last)) return word;
  if (IRREGULAR[last]) return head + keepCase(IRREGULAR[last]);
  if (/[^aeiou]y$/.test(last)) return word.slice(0, -1) + 'ies';
  if (/(s|x|z|ch|sh)$/.test(last)) return word + 'es';
  return word + 's';
}

export function singularField(typeName: string): string {
  return lowerCamel(typeName);
}

export function pluralField(typeName: string): string {
  const p = lowerCamel(pluralize(typeName));
  // graph-node: when singular and plural coincide, the collection field gets `_collection`.
  return p === singularField(typeName) ? `${p}_collection` : p;
}
