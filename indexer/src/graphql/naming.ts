// Query field names as graph-node derives them with Inflector: `Market` → market / markets,
// `EModeCategory` → eModeCategory / eModeCategories, `Supply` → supply / supplies.

export function lowerCamel(name: string): string {
  // Leading capital run: lowercase it, except the capital that starts the next word.
  const m = /^([A-Z]+)(?=[A-Z][a-z]|$|[^A-Za-z])/.exec(name);
  if (m && m[1].length > 1) return m[1].toLowerCase() + name.slice(m[1].length);
  return name.charAt(0).toLowerCase() + name.slice(1);
}

const IRREGULAR: Record<string, string> = { person: 'people', child: 'children', man: 'men', woman: 'women', mouse: 'mice', datum: 'data', index: 'indices', status: 'statuses' };
const UNCOUNTABLE = new Set(['data', 'information', 'equipment', 'news', 'series', 'species', 'sheep', 'fish', 'deer', 'money']);

export function pluralize(word: string): string {
  const m = /([A-Z]?[a-z0-9]*)$/.exec(word);
  const last = (m?.[1] ?? word).toLowerCase();
  const head = word.slice(0, word.length - last.length);
  const keepCase = (s: string) => (m?.[1] && /^[A-Z]/.test(m[1]) ? s.charAt(0).toUpperCase() + s.slice(1) : s);
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
