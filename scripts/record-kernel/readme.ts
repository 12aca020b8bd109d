// tests/conformance/recordings/README.md: the tool versions and dates the recordings come from,
// regenerated after every run from each case's index.json.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runSync } from './proc.ts';

const VERSION_COMMANDS: readonly (readonly string[])[] = [
  ['uname', '-r'],
  ['iptables', '--version'],
  ['ss', '-V'],
  ['ip', '-V'],
  ['conntrack', '--version'],
  ['tcpdump', '--version'],
  ['netstat', '--version'],
];

/** `command` -> its exact version output (stdout, or stderr when stdout is empty). */
export function toolVersions(python: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const cmd of [...VERSION_COMMANDS, [python, '--version']]) {
    const result = runSync(cmd);
    out[cmd.join(' ')] = (result.stdout || result.stderr).trimEnd();
  }
  out['node --version'] = process.version;
  const dpkg = runSync(['dpkg-query', '-W', '-f', '${Package} ${Version}\n',
    'iptables', 'iproute2', 'conntrack', 'tcpdump', 'net-tools', 'util-linux']);
  if (dpkg.exitCode === 0) out['dpkg-query -W'] = dpkg.stdout.trimEnd();
  const osRelease = existsSync('/etc/os-release') ? readFileSync('/etc/os-release', 'utf8') : '';
  out['os'] = /^PRETTY_NAME="?([^"\n]*)"?$/m.exec(osRelease)?.[1] ?? 'unknown';
  return out;
}

interface IndexHead {
  case: string;
  recordedAt: string;
  tools: Record<string, string>;
}

export function writeReadme(recordingsDir: string, latest: Record<string, string>): void {
  const cases: IndexHead[] = readdirSync(recordingsDir)
    .filter((name) => !name.startsWith('.') && existsSync(join(recordingsDir, name, 'index.json')))
    .sort()
    .map((name) => JSON.parse(readFileSync(join(recordingsDir, name, 'index.json'), 'utf8')) as IndexHead);
  const same = (tools: Record<string, string>): boolean => JSON.stringify(tools) === JSON.stringify(latest);
  const lines = [
    '# Kernel recordings',
    '',
    'Recorded by `scripts/record-kernel/` (`npm run record:kernel`, as root, on Linux): the real kernel,',
    'iptables, iproute2, conntrack, net-tools and tcpdump, in network namespaces `slrec-node`,',
    '`slrec-pod` (sidecar pod 10.244.1.5) and `slrec-peer` (peer pod 10.244.1.6), with stand-in',
    'listeners for Envoy (uid 1337), pilot-agent (uid 1337) and the apps. Files are the tools\' output',
    'byte for byte; nothing is normalised here (ports, pids, inodes and dates vary from run to run).',
    '',
    '| case | recorded (UTC) | tools |',
    '|---|---|---|',
    ...cases.map((c) => `| [\`${c.case}\`](${c.case}/case.json) | ${c.recordedAt} | ${same(c.tools) ? 'as below' : 'differ, see its index.json'} |`),
    '',
    'Each case folder holds:',
    '',
    '- `case.json`: topology, the rule file (text and sha256), processes and listeners, every',
    '  connection in the order it was driven with its expected legs (nat counters per SYN, accepting',
    '  socket, SO_ORIGINAL_DST) and what the stand-ins observed, the close order.',
    '- `index.json`: for every recorded file the exact command, namespace, uid, exit code, stderr',
    '  file (null when empty) and which connections had been opened/closed before it ran.',
    '- `00-setup/` the `iptables-restore` (and `ip rule`/`ip route`) that applied the rules;',
    '  `01-before/` state before any traffic; `02-open/` with every connection established;',
    '  `topology/` `ip` output; `capture/` `tcpdump -l -U -n -i eth0|lo|any` text and its stderr',
    '  (statistics after SIGINT); `03-closed/` after all connections were closed;',
    '  `standins/*.jsonl` the stand-ins\' own logs.',
    '',
    `## Tools (latest run)`,
    '',
    ...Object.entries(latest).flatMap(([cmd, text]) => [`\`${cmd}\`:`, '', '```', text, '```', '']),
  ];
  writeFileSync(join(recordingsDir, 'README.md'), `${lines.join('\n').trimEnd()}\n`);
}
