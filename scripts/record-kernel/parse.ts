// Small parsers for the recorded text, used only by check.ts.

/** Counters from `iptables-save -c`: "nat:PREROUTING:policy" and "nat:ISTIO_OUTPUT#4" -> [pkts, bytes]. */
export function saveCounters(text: string): Map<string, [number, number]> {
  const counters = new Map<string, [number, number]>();
  const ruleNumbers = new Map<string, number>();
  let table = '';
  for (const line of text.split('\n')) {
    if (line.startsWith('*')) {
      table = line.slice(1).trim();
      continue;
    }
    const policy = /^:(\S+) (\S+) \[(\d+):(\d+)\]$/.exec(line);
    if (policy) {
      const [, chain, target, pkts, bytes] = policy;
      if (target !== '-') counters.set(`${table}:${chain}:policy`, [Number(pkts), Number(bytes)]);
      continue;
    }
    const rule = /^\[(\d+):(\d+)\] -A (\S+) /.exec(line);
    if (rule) {
      const [, pkts, bytes, chain] = rule;
      const key = `${table}:${chain}`;
      const n = (ruleNumbers.get(key) ?? 0) + 1;
      ruleNumbers.set(key, n);
      counters.set(`${key}#${n}`, [Number(pkts), Number(bytes)]);
    }
  }
  return counters;
}

export interface ConntrackRow {
  readonly proto: string;
  readonly timeout: number;
  readonly state: string;
  readonly line: string;
}

export function conntrackRows(text: string): ConntrackRow[] {
  return text
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const m = /^(\S+)\s+\d+\s+(\d+)\s+(?:([A-Z_]+)\s+)?src=/.exec(line);
      return { proto: m?.[1] ?? '?', timeout: Number(m?.[2] ?? NaN), state: m?.[3] ?? '', line };
    });
}

/** tcpdump -i any text lines: "<time> <dev> <In|Out|M|B|P> IP ...". */
export function anyCaptureLines(text: string): { dev: string; dir: string; line: string }[] {
  return text
    .split('\n')
    .map((line) => /^\S+ (\S+)\s+(In|Out|M|B|P)\s+/.exec(line))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ dev: m[1] ?? '', dir: m[2] ?? '', line: m.input }));
}

/** "10.244.1.5:*" matches "10.244.1.5:40312"; exact otherwise. */
export function addrMatches(pattern: string, actual: unknown): boolean {
  if (typeof actual !== 'string') return false;
  if (!pattern.endsWith(':*')) return pattern === actual;
  const host = pattern.slice(0, -1);
  return actual.startsWith(host) && /^\d+$/.test(actual.slice(host.length));
}
