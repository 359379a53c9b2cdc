// Field readers for the alert rules file: each checks one field and, instead of throwing, adds a
// problem naming where it is, so one pass reports every mistake in the file.
export type Obj = Record<string, unknown>;
export const isObj = (v: unknown): v is Obj =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
export interface NumOpts {
  min?: number;
  max?: number;
  int?: boolean;
  def?: number;
}

export function num(
  o: Obj,
  k: string,
  where: string,
  problems: string[],
  opts: NumOpts,
): number | undefined {
  const v = o[k];
  if (v === undefined || v === null) return opts.def;
  if (typeof v !== 'number' || !Number.isFinite(v)) {
    problems.push(`${where}: field "${k}" must be a number (got ${JSON.stringify(v)})`);
    return opts.def ?? 0;
  }
  if (opts.int && !Number.isInteger(v))
    problems.push(`${where}: field "${k}" must be an integer (got ${v})`);
  if ((opts.min !== undefined && v < opts.min) || (opts.max !== undefined && v > opts.max)) {
    problems.push(
      `${where}: field "${k}" must be ${opts.max !== undefined ? `in [${opts.min ?? '-∞'}, ${opts.max}]` : `≥ ${opts.min}`} (got ${v})`,
    );
  }
  return v;
}

export function strList(
  o: Obj,
  k: string,
  where: string,
  problems: string[],
): string[] | undefined {
  const v = o[k];
  if (v === undefined) return undefined;
  if (!Array.isArray(v) || !v.length || v.some((x) => typeof x !== 'string' || !x)) {
    problems.push(`${where}: field "${k}" must be a non-empty list of names`);
    return undefined;
  }
  return v as string[];
}

export function checkUrl(v: unknown, where: string, problems: string[]): string | undefined {
  if (typeof v !== 'string') {
    problems.push(`${where}: field "url" is required`);
    return undefined;
  }
  try {
    const u = new URL(v);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error('not http(s)');
    return v;
  } catch {
    problems.push(`${where}: "${v}" is not an http(s) URL`);
    return undefined;
  }
}
