// Checks the recordings against the facts in /work/shared/reference/kernel-notes.md (numbers in
// the messages are those facts) and against each case's own expectations in case.json.
// Runs after recording, or alone: node scripts/record-kernel/main.ts --check-only
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Leg } from './connections.ts';
import { addrMatches, anyCaptureLines, conntrackRows, saveCounters } from './parse.ts';

interface CaseJson {
  case: string;
  backend: 'nft' | 'legacy';
  connections: {
    id: string;
    dst: string;
    client: { local: string; peer: string };
    expected: { legs: Leg[] };
    observed: Record<string, Record<string, unknown>[]>;
  }[];
}

/** 'DIFF': the recording consistently differs from kernel-notes.md for a known reason. */
type Status = boolean | 'DIFF';
type Report = (ok: Status, fact: string, detail: string) => void;

export function runChecks(recordingsDir: string, log: (line: string) => void): number {
  let failures = 0;
  if (!existsSync(recordingsDir)) return 0;
  const names = readdirSync(recordingsDir).filter((n) => existsSync(join(recordingsDir, n, 'case.json'))).sort();
  for (const name of names) {
    const dir = join(recordingsDir, name);
    const report: Report = (ok, fact, detail) => {
      if (ok === false) failures++;
      log(`${ok === 'DIFF' ? 'DIFF' : ok ? 'ok  ' : 'FAIL'} [${name}] ${fact}: ${detail}`);
    };
    checkCase(dir, JSON.parse(readFileSync(join(dir, 'case.json'), 'utf8')) as CaseJson, report);
  }
  return failures;
}

function checkCase(dir: string, c: CaseJson, report: Report): void {
  const read = (rel: string): string => (existsSync(join(dir, rel)) ? readFileSync(join(dir, rel), 'utf8') : '');
  const tproxy = c.case === 'tproxy';
  checkCounters(c, read, report);
  checkSockets(c, report);
  checkConntrack(read, report, tproxy);
  checkCapture(c, read, report, tproxy);
  checkListings(c, read, report);
}

function checkCounters(c: CaseJson, read: (rel: string) => string, report: Report): void {
  const before = saveCounters(read('01-before/iptables-save-c.txt'));
  const nonZero = [...before].filter(([, [p, b]]) => p !== 0 || b !== 0).map(([k]) => k);
  report(nonZero.length === 0, 'counters before traffic', nonZero.length ? `non-zero: ${nonZero.join(', ')}` : 'all zero');

  const open = saveCounters(read('02-open/iptables-save-c.txt'));
  const closed = saveCounters(read('03-closed/iptables-save-c.txt'));
  const natKeys = [...closed.keys()].filter((k) => k.startsWith('nat:'));
  const changed = natKeys.filter((k) => String(open.get(k)) !== String(closed.get(k)));
  report(changed.length === 0, 'fact 1 (nat sees only the SYN)',
    changed.length ? `nat counters moved while data/FIN packets flowed: ${changed.join(', ')}` : 'no nat counter moved between the open and closed snapshots');
  const not60 = natKeys.filter((k) => {
    const [p, b] = closed.get(k) ?? [0, 0];
    return b !== p * 60;
  });
  report(not60.length === 0, 'fact 1 (60 bytes per SYN)', not60.length ? `bytes != 60 x packets: ${not60.join(', ')}` : 'every nat counter is 60 bytes per packet');

  const expected = new Map<string, number>();
  for (const conn of c.connections) {
    for (const leg of conn.expected.legs) {
      for (const step of leg.nat) expected.set(`nat:${step}`, (expected.get(`nat:${step}`) ?? 0) + 1);
    }
  }
  const diffs: string[] = [];
  const policyDiffs: string[] = [];
  for (const key of new Set([...natKeys, ...expected.keys()])) {
    const got = closed.get(key)?.[0] ?? 0;
    const want = expected.get(key) ?? 0;
    if (key.endsWith(':policy')) policyDiffs.push(`${key.slice(4)} ${got} (path sum ${want})`);
    if (got !== want && !key.endsWith(':policy')) diffs.push(`${key} recorded ${got}, expected ${want}`);
  }
  const rules = natKeys.filter((k) => !k.endsWith(':policy')).length;
  report(diffs.length === 0, 'facts 2, 4, 5, 9, 11 (nat rule counters per path)',
    diffs.length ? diffs.join('; ') : `all ${rules} nat rule counters equal the sum of the expected legs`);
  const policyOk = [...new Set([...natKeys, ...expected.keys()])].filter((k) => k.endsWith(':policy'))
    .every((k) => (closed.get(k)?.[0] ?? 0) === (c.backend === 'nft' ? 0 : expected.get(k) ?? 0));
  if (c.backend === 'nft') {
    report(policyOk ? 'DIFF' : false, 'fact 3 (policy counters)',
      `iptables-nft keeps built-in chains created implicitly by the restore input without counters: ${policyDiffs.join(', ')}`);
  } else {
    report(policyOk, 'fact 3 (policy counters)', policyDiffs.join(', '));
  }
}

function checkSockets(c: CaseJson, report: Report): void {
  const problems: string[] = [];
  for (const conn of c.connections) {
    if (conn.client.peer !== conn.dst) problems.push(`${conn.id}: client socket peer ${conn.client.peer}, dialled ${conn.dst}`);
    const used = new Set<Record<string, unknown>>();
    for (const [i, leg] of conn.expected.legs.entries()) {
      const [proc, listener] = leg.acceptedBy.split('/');
      const events = (conn.observed[proc ?? ''] ?? []).filter((e) => e.ev === 'accepted' && e.listener === listener && !used.has(e));
      const hit = events.find((e) => e.local === leg.acceptedLocal && addrMatches(leg.peerSeen, e.peer) &&
        (leg.originalDst === undefined || e.originalDst === leg.originalDst));
      if (hit) {
        used.add(hit);
        continue;
      }
      const seen = events.map((e) => `local=${String(e.local)} peer=${String(e.peer)} odst=${JSON.stringify(e.originalDst)}`).join(' | ');
      problems.push(`${conn.id} leg ${i + 1}: expected ${leg.acceptedBy} local=${leg.acceptedLocal} peer=${leg.peerSeen}` +
        `${leg.originalDst ? ` odst=${leg.originalDst}` : ''}; saw ${seen || 'no accept'}`);
    }
    for (const leg of conn.expected.legs.filter((l) => l.src === '127.0.0.6')) {
      const up = (conn.observed.envoy ?? []).find((e) => e.ev === 'upstream-connected' && String(e.local).startsWith('127.0.0.6:'));
      if (!up) problems.push(`${conn.id}: no Envoy upstream from 127.0.0.6 to ${leg.dst}`);
    }
  }
  report(problems.length === 0, 'facts 7-11, 30 (accepted sockets, SO_ORIGINAL_DST, 127.0.0.6)',
    problems.length ? problems.join('; ') : `${c.connections.length} connections: every leg accepted where expected`);
}

function checkConntrack(read: (rel: string) => string, report: Report, tproxy: boolean): void {
  const summary = /^conntrack v\S+ \(conntrack-tools\): (\d+) flow entries have been shown\.\n$/;
  const files = ['01-before/conntrack-L', '01-before/conntrack-L.peer', '02-open/conntrack-L', '02-open/conntrack-L.peer', '03-closed/conntrack-L'];
  const bad: string[] = [];
  const counts: Record<string, number> = {};
  for (const f of files) {
    const m = summary.exec(read(`${f}.stderr.txt`));
    const rows = conntrackRows(read(`${f}.txt`)).length;
    counts[f] = rows;
    if (!m || Number(m[1]) !== rows) bad.push(`${f}: stderr ${JSON.stringify(read(`${f}.stderr.txt`))} vs ${rows} rows`);
  }
  report(bad.length === 0, 'fact 12 (summary on stderr)', bad.length ? bad.join('; ') : 'summary line on stderr matches the row count in every conntrack -L');
  report(counts['01-before/conntrack-L'] === 0 && counts['01-before/conntrack-L.peer'] === 0 && counts['02-open/conntrack-L.peer'] === 0,
    'fact 14 (no NAT rules, no entries)',
    `sidecar before traffic ${counts['01-before/conntrack-L']}, peer pod (no rules) before ${counts['01-before/conntrack-L.peer']} / after traffic ${counts['02-open/conntrack-L.peer']}`);

  const open = conntrackRows(read('02-open/conntrack-L.txt'));
  const c01 = open.find((r) => /src=10\.244\.1\.6 dst=10\.244\.1\.5 sport=\d+ dport=9080 /.test(r.line));
  const replySport = / src=10\.244\.1\.5 dst=10\.244\.1\.6 sport=(\d+) /.exec(c01?.line ?? '')?.[1];
  const wantSport = tproxy ? '9080' : '15006';
  report(replySport === wantSport, tproxy ? 'fact 30 (TPROXY: conntrack shows no NAT)' : 'fact 13 (reply tuple shows the redirect)',
    c01 ? `c01 reply tuple sport=${replySport}` : 'no conntrack row for c01');
  const states = (rows: typeof open): string =>
    [...new Set(rows.map((r) => `${r.state || r.proto} ${r.timeout}`))].sort().join(', ');
  const closed = conntrackRows(read('03-closed/conntrack-L.txt'));
  const estOk = open.filter((r) => r.state === 'ESTABLISHED').every((r) => r.timeout >= 431990 && r.timeout <= 432000);
  const twOk = closed.filter((r) => r.state === 'TIME_WAIT').every((r) => r.timeout >= 100 && r.timeout <= 120);
  report(estOk && twOk && closed.some((r) => r.state === 'TIME_WAIT'), 'fact 13 (timeouts)',
    `open: ${states(open)}; closed: ${states(closed)}`);
}

function checkCapture(c: CaseJson, read: (rel: string) => string, report: Report, tproxy: boolean): void {
  const eth0 = read('capture/tcpdump-i-eth0.txt');
  report(!/\.15006[: ]/.test(eth0) && !eth0.includes('10.96.0.50'), 'fact 26 (eth0 never shows 15006 or the ClusterIP)',
    `${eth0.split('\n').filter(Boolean).length} eth0 lines`);
  // Fact 27 via c02: the app's SYN leaves on lo towards 127.0.0.1:15001, the replies come back
  // from the original destination (the ClusterIP here; a pod IP when the app dials one, c12).
  const lo = read('capture/tcpdump-i-lo.txt');
  const port = c.connections.find((x) => x.id === 'c02')?.client.local.split(':')[1] ?? 'none';
  const asym = lo.includes(`10.244.1.5.${port} > 127.0.0.1.15001: Flags [S]`) && lo.includes(`10.96.0.50.9080 > 10.244.1.5.${port}: Flags [S.]`);
  report(asym, 'fact 27 (asymmetric outbound on lo)',
    asym ? `c02: 10.244.1.5.${port} > 127.0.0.1.15001, replies 10.96.0.50.9080 > 10.244.1.5.${port}` : `c02 (port ${port}) pattern not found`);
  const any = anyCaptureLines(read('capture/tcpdump-i-any.txt'));
  const loOut = any.filter((l) => l.dev === 'lo' && l.dir !== 'In').length;
  report(loOut === 0 && any.some((l) => l.dev === 'lo'), 'fact 28 (lo appears once, as In, with -i any)', `${any.filter((l) => l.dev === 'lo').length} lo lines, ${loOut} not In`);
  const stats = ['eth0', 'lo', 'any'].map((d) => read(`capture/tcpdump-i-${d}.stderr.txt`));
  const statsOk = stats.every((s) => /\d+ packets captured\n\d+ packets received by filter\n0 packets dropped by kernel\n$/.test(s));
  report(statsOk, 'fact 28 (statistics on stderr after SIGINT)', statsOk ? 'all three captures' : JSON.stringify(stats));
  if (tproxy) {
    const closed = saveCounters(read('03-closed/iptables-save-c.txt'));
    const mangle = closed.get('mangle:PREROUTING#1')?.[0] ?? -1;
    const tcpIn = any.filter((l) => l.dir === 'In' && l.line.includes(' Flags [')).length;
    const synIn = any.filter((l) => l.dir === 'In' && l.line.includes(' Flags [S], ')).length;
    report(mangle === tcpIn && mangle > synIn, 'fact 29 (mangle counts every packet)',
      `mangle PREROUTING -j ISTIO_INBOUND ${mangle} packets = ${tcpIn} TCP packets received in the any capture (${synIn} of them SYNs)`);
    const rule = read('topology/ip-rule.txt');
    const table = read('topology/ip-route-show-table-133.txt');
    report(rule.includes('fwmark 0x539 lookup 133') && table.startsWith('local default dev lo'), 'fact 30 (policy routing)',
      `${JSON.stringify(rule.split('\n').find((l) => l.includes('0x539')))} / ${JSON.stringify(table.trim())}`);
  }
}

function checkListings(c: CaseJson, read: (rel: string) => string, report: Report): void {
  const ssL = read('02-open/ss-ltnp.txt');
  const ssT = read('02-open/ss-tanp.txt');
  report(ssT.includes('users:(("envoy",pid=') && read('02-open/netstat-tanp.txt').includes('/envoy'), 'fact 15 (process names)',
    'ss -p shows "envoy", netstat -p shows PID/envoy');
  report(ssL.split('\n')[0]?.includes('Peer Address:PortProcess') ?? false, 'fact 17 (ss header)', JSON.stringify(ssL.split('\n')[0]));
  const netstat = read('02-open/netstat-tanp.txt');
  const dual = ssL.includes('*:15020') && /\[::ffff:10\.244\.1\.5\]:15020/.test(ssT) &&
    /^tcp6 .* :::15020 /m.test(netstat) && /^tcp6 .* 10\.244\.1\.5:15020 /m.test(netstat);
  report(dual, 'fact 18 (dual-stack 15020)', dual ? '*:15020, [::ffff:10.244.1.5]:15020, tcp6 :::15020 and 10.244.1.5:15020' : 'pattern missing');
  report(read('02-open/netstat-a.txt').includes('Active UNIX domain sockets'), 'fact 19 (netstat -a UNIX section)', 'present');
  const nv = read('02-open/iptables-t-nat-L-n-v.txt');
  const v = read('02-open/iptables-t-nat-L-v.txt');
  report(/ 6\s+--\s/.test(nv) && / tcp\s+--\s/.test(v) && v.includes('owner UID match istio-proxy') && v.includes('localhost') && v.includes('anywhere'),
    'fact 21 (-n prints protocol numbers; names without -n)', 'prot 6 with -n; tcp, anywhere, localhost, owner UID match istio-proxy without');
  const l = read('02-open/iptables-t-nat-L.txt');
  report(!/\bin\s+out\b/.test(l) && !/\blo\b/.test(l), 'fact 22 (-L without -v hides -o lo)', 'no in/out columns');
  report(/ -c \d+ \d+/.test(read('02-open/iptables-t-nat-S-v.txt')), 'fact 23 (-S -v prints -c)', 'inline -c counters');
  const save = read('02-open/iptables-save-c.txt');
  const banner = c.backend === 'nft' ? 'v1\\.8\\.9 \\(nf_tables\\)' : 'v1\\.8\\.9';
  report(new RegExp(`^# Generated by iptables-save ${banner} on .+\\n`).test(save) && /\n# Completed on .+\n$/.test(save),
    'fact 24 (iptables-save header/footer)', JSON.stringify(save.split('\n')[0]));
}
