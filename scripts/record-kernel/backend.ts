// Which iptables backend a case records with. Plain `iptables`, `iptables-save` and
// `iptables-restore` are what a learner types, so instead of calling iptables-legacy we make
// those names run the wanted backend inside the private mount namespace: the multi-call binary
// of the wanted backend is bind-mounted over the one the names resolve to (both dispatch on
// argv[0], so `iptables` stays `iptables`). The host's alternatives are never changed.
import { realpathSync } from 'node:fs';
import { findOnPath } from './preflight.ts';
import type { Bind } from './proc.ts';

export type Backend = 'nft' | 'legacy';

const NAMES = ['iptables', 'iptables-save', 'iptables-restore'] as const;

export function backendBinds(backend: Backend): Bind[] {
  const wanted = findOnPath(`iptables-${backend}`);
  if (!wanted) throw new Error(`iptables-${backend} not found: apt-get install -y iptables`);
  const target = realpathSync(wanted);
  const binds: Bind[] = [];
  for (const name of NAMES) {
    const path = findOnPath(name);
    if (!path) throw new Error(`${name} not found: apt-get install -y iptables`);
    const real = realpathSync(path);
    if (real !== target && !binds.some(([, dst]) => dst === real)) binds.push([target, real]);
  }
  return binds;
}
