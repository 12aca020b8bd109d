// Extensions by name, as iptables finds them (libxt_<name>.so): one file per extension.

import type { MatchExtension, TargetExtension } from './extension';
import { addrtype } from './matches/addrtype';
import { comment } from './matches/comment';
import { connmark } from './matches/connmark';
import { conntrack } from './matches/conntrack';
import { mark } from './matches/mark';
import { multiport } from './matches/multiport';
import { owner } from './matches/owner';
import { socket } from './matches/socket';
import { statistic } from './matches/statistic';
import { tcp } from './matches/tcp';
import { udp } from './matches/udp';
import { CONNMARK } from './targets/CONNMARK';
import { CT } from './targets/CT';
import { DNAT } from './targets/DNAT';
import { LOG } from './targets/LOG';
import { MARK } from './targets/MARK';
import { MASQUERADE } from './targets/MASQUERADE';
import { NFLOG } from './targets/NFLOG';
import { REDIRECT } from './targets/REDIRECT';
import { REJECT } from './targets/REJECT';
import { SNAT } from './targets/SNAT';
import { TPROXY } from './targets/TPROXY';

// The data type differs per extension; the registry erases it and each rule keeps its own.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyMatch = MatchExtension<any>;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyTarget = TargetExtension<any>;

export const MATCHES: ReadonlyMap<string, AnyMatch> = new Map<string, AnyMatch>(
	[tcp, udp, multiport, owner, mark, connmark, conntrack, socket, addrtype, comment, statistic].map((m) => [m.name, m]),
);

export const TARGETS: ReadonlyMap<string, AnyTarget> = new Map<string, AnyTarget>(
	[REDIRECT, TPROXY, MARK, CONNMARK, CT, LOG, NFLOG, REJECT, DNAT, SNAT, MASQUERADE].map((t) => [t.name, t]),
);

/** `-p tcp --dport 80` loads the match named after the protocol without `-m` (xtables "implicit match"). */
export const PROTOCOL_MATCHES: ReadonlyMap<number, string> = new Map([
	[6, 'tcp'],
	[17, 'udp'],
]);

export const STANDARD_VERDICTS = ['ACCEPT', 'DROP', 'RETURN'] as const;
