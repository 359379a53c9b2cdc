// yaml.fromBytes: a YAML document as graph-ts YAMLValue (numbers as their source text, maps in
// document order with YAML keys, explicit tags as TAGGED).
import { parseDocument, isMap, isSeq, isScalar, isAlias, type Node } from 'yaml';

export type YamlNode =
  | { kind: 'null' }
  | { kind: 'bool'; value: boolean }
  | { kind: 'number'; text: string }
  | { kind: 'string'; value: string }
  | { kind: 'array'; items: YamlNode[] }
  | { kind: 'object'; entries: [YamlNode, YamlNode][] }
  | { kind: 'tagged'; tag: string; value: YamlNode };

const CORE_TAGS = /^tag:yaml.org,2002:/;

export function parseYaml(text: string): YamlNode {
  const doc = parseDocument(text, { uniqueKeys: true, merge: false });
  if (doc.errors.length) throw new Error(doc.errors[0]!.message);
  const conv = (n: Node | null | undefined | unknown): YamlNode => {
    if (n === null || n === undefined) return { kind: 'null' };
    if (isAlias(n)) return conv(n.resolve(doc));
    const node = n as Node;
    let out: YamlNode;
    if (isMap(node))
      out = {
        kind: 'object',
        entries: node.items.map((p) => [conv(p.key), conv(p.value)] as [YamlNode, YamlNode]),
      };
    else if (isSeq(node)) out = { kind: 'array', items: node.items.map(conv) };
    else if (isScalar(node)) {
      const v = node.value;
      if (v === null) out = { kind: 'null' };
      else if (typeof v === 'boolean') out = { kind: 'bool', value: v };
      else if (typeof v === 'number' || typeof v === 'bigint')
        out = { kind: 'number', text: node.source ?? String(v) };
      else out = { kind: 'string', value: String(v) };
    } else out = { kind: 'null' };
    const tag = (node as { tag?: string }).tag;
    if (tag && !CORE_TAGS.test(tag) && !tag.startsWith('tag:')) {
      // an unknown tag makes the yaml package keep the scalar as a string; serde_yaml resolves
      // the untagged plain scalar (5 → number), so re-resolve it without the tag
      if (isScalar(node) && node.type === 'PLAIN' && typeof node.source === 'string')
        out = parseYaml(node.source);
      return { kind: 'tagged', tag, value: out };
    }
    return out;
  };
  return conv(doc.contents);
}
