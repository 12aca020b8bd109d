// Checks that this machine can record: Linux, root, and the real tools on PATH.
// Problems are returned as messages that say exactly what to install.
import { accessSync, constants, existsSync, realpathSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { runSync } from './proc.ts';

/** Tool -> Debian package that provides it. */
const TOOLS: Record<string, string> = {
  iptables: 'iptables',
  'iptables-restore': 'iptables',
  'iptables-save': 'iptables',
  'iptables-nft': 'iptables',
  'iptables-legacy': 'iptables',
  conntrack: 'conntrack',
  tcpdump: 'tcpdump',
  ip: 'iproute2',
  ss: 'iproute2',
  bridge: 'iproute2',
  netstat: 'net-tools',
  nsenter: 'util-linux',
  unshare: 'util-linux',
  setpriv: 'util-linux',
  mount: 'mount',
  sysctl: 'procps',
  python3: 'python3',
};

const BASE_PACKAGES = ['iptables', 'conntrack', 'tcpdump', 'iproute2', 'net-tools'];

export function findOnPath(tool: string): string | null {
  const dirs = [...(process.env.PATH ?? '').split(delimiter), '/usr/local/sbin', '/usr/sbin', '/sbin'];
  for (const dir of dirs) {
    const candidate = join(dir, tool);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // keep looking
    }
  }
  return null;
}

export interface Preflight {
  readonly errors: string[];
  readonly python: string | null;
}

export function preflight(): Preflight {
  const errors: string[] = [];
  if (process.platform !== 'linux') {
    return { errors: [`the kernel recorder needs Linux (network namespaces, netfilter); this is ${process.platform}`], python: null };
  }
  if (process.getuid?.() !== 0) {
    errors.push('the kernel recorder must run as root (it creates network namespaces): sudo npm run record:kernel');
  }
  const missing = Object.keys(TOOLS).filter((tool) => findOnPath(tool) === null);
  if (missing.length > 0) {
    const packages = [...new Set([...BASE_PACKAGES, ...missing.map((tool) => TOOLS[tool] ?? tool)])];
    errors.push(
      `missing tools: ${missing.join(', ')}\n` +
        `  install them with: apt-get install -y ${packages.join(' ')}`,
    );
  }
  const python = errors.length === 0 ? pickPython(errors) : null;
  return { errors, python };
}

/**
 * The stand-ins run as uid 1337, so the interpreter must be executable by that user: prefer the
 * system /usr/bin/python3 (a pyenv shim under /root would not be).
 */
function pickPython(errors: string[]): string | null {
  const candidates = ['/usr/bin/python3'];
  const onPath = findOnPath('python3');
  if (onPath) {
    const real = runSync([onPath, '-c', 'import os,sys; print(os.path.realpath(sys.executable))']).stdout.trim();
    if (real) candidates.push(real);
  }
  for (const candidate of candidates) {
    if (!existsSync(candidate)) continue;
    const real = realpathSync(candidate);
    const probe = runSync(['setpriv', '--reuid=1337', '--regid=1337', '--clear-groups', real, '-c',
      'import json, socket, struct, threading, errno']);
    if (probe.exitCode === 0) return real;
  }
  errors.push('no python3 that uid 1337 can run (tried /usr/bin/python3 and the one on PATH): apt-get install -y python3');
  return null;
}
