// json.fromBytes as graph-node does it: serde_json with `arbitrary_precision`, so numbers keep
// their source text and reach the mapping as strings (JSONValue NUMBER carries a string).
// serde_json's default Map is a BTreeMap: object keys come out sorted, a repeated key keeps
// the last value.
export type JsonNode =
  | { kind: 'null' }
  | { kind: 'bool'; value: boolean }
  | { kind: 'number'; text: string }
  | { kind: 'string'; value: string }
  | { kind: 'array'; items: JsonNode[] }
  | { kind: 'object'; entries: [string, JsonNode][] };

export class JsonParseError extends Error {}

export function parseJson(text: string): JsonNode {
  let i = 0;
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++;
  };
  const fail = (what: string): never => {
    throw new JsonParseError(`${what} at position ${i}`);
  };
  const value = (): JsonNode => {
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      const map = new Map<string, JsonNode>();
      ws();
      if (text[i] === '}') {
        i++;
        return { kind: 'object', entries: [] };
      }
      for (;;) {
        ws();
        if (text[i] !== '"') fail('expected string key');
        const k = str();
        ws();
        if (text[i] !== ':') fail('expected `:`');
        i++;
        map.set(k, value());
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === '}') {
          i++;
          break;
        }
        fail('expected `,` or `}`');
      }
      const entries = [...map.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
      return { kind: 'object', entries };
    }
    if (c === '[') {
      i++;
      const items: JsonNode[] = [];
      ws();
      if (text[i] === ']') {
        i++;
        return { kind: 'array', items };
      }
      for (;;) {
        items.push(value());
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === ']') {
          i++;
          break;
        }
        fail('expected `,` or `]`');
      }
      return { kind: 'array', items };
    }
    if (c === '"') return { kind: 'string', value: str() };
    if (text.startsWith('true', i)) {
      i += 4;
      return { kind: 'bool', value: true };
    }
    if (text.startsWith('false', i)) {
      i += 5;
      return { kind: 'bool', value: false };
    }
    if (text.startsWith('null', i)) {
      i += 4;
      return { kind: 'null' };
    }
    const m = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?/.exec(text.slice(i, i + 4096));
    if (!m || m[0] === '' || m[0] === '-') return fail('expected value');
    i += m[0].length;
    return { kind: 'number', text: m[0] };
  };
  const str = (): string => {
    const start = i;
    i++;
    let out = '';
    for (;;) {
      if (i >= text.length) fail('EOF while parsing a string');
      const ch = text[i]!;
      if (ch === '"') {
        i++;
        break;
      }
      if (ch === '\\') {
        const e = text[i + 1];
        const map: Record<string, string> = {
          '"': '"',
          '\\': '\\',
          '/': '/',
          b: '\b',
          f: '\f',
          n: '\n',
          r: '\r',
          t: '\t',
        };
        if (e === 'u') {
          const h = text.slice(i + 2, i + 6);
          if (!/^[0-9a-fA-F]{4}$/.test(h)) fail('invalid unicode escape');
          out += String.fromCharCode(parseInt(h, 16));
          i += 6;
          continue;
        }
        if (e === undefined || !(e in map)) fail('invalid escape');
        out += map[e!];
        i += 2;
        continue;
      }
      if (ch < ' ') fail('control character in string');
      out += ch;
      i++;
    }
    void start;
    return out;
  };
  const v = value();
  ws();
  if (i !== text.length) fail('trailing characters');
  return v;
}
