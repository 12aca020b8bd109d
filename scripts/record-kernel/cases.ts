// The recorded cases: which rule file goes into the sidecar pod, what else istio-init would do,
// and how each rule set treats every path (see NatModel in connections.ts).
import { CLUSTER_IP, PEER, SIDECAR } from './topology.ts';
import type { Backend } from './backend.ts';
import type { NatModel } from './connections.ts';

export interface CaseSpec {
  readonly name: string;
  readonly title: string;
  /** istio-iptables arguments this rule file corresponds to (see tests/conformance/rules/NOTICE.md). */
  readonly istioIptablesArgs: string;
  /** Path relative to the repository root. */
  readonly rulesFile: string;
  /**
   * iptables backend. With nft, built-in chains that Istio's restore input creates implicitly (it
   * has no `:PREROUTING ACCEPT [0:0]` lines) carry no counters, so their policy counters stay 0;
   * the legacy backend counts them.
   */
  readonly backend: Backend;
  /** Extra commands istio-iptables runs in the pod network namespace (policy routing). */
  readonly podCommands: readonly (readonly string[])[];
  /** Envoy's virtualInbound listener gets IP_TRANSPARENT (needs CAP_NET_ADMIN), as in TPROXY mode. */
  readonly transparentInbound: boolean;
  readonly nat: NatModel;
}

const POD = SIDECAR.address;

const OUT_RETURN = (n: number): string[] => ['OUTPUT#1', `ISTIO_OUTPUT#${n}`, 'OUTPUT:policy', 'POSTROUTING:policy'];
const OUT_REDIRECT = (n: number): string[] => ['OUTPUT#1', `ISTIO_OUTPUT#${n}`, 'ISTIO_REDIRECT#1', 'POSTROUTING:policy'];
const OUT_IN_REDIRECT = (n: number): string[] => ['OUTPUT#1', `ISTIO_OUTPUT#${n}`, 'ISTIO_IN_REDIRECT#1', 'POSTROUTING:policy'];
const IN_RETURN = (n: number): string[] => ['PREROUTING#1', `ISTIO_INBOUND#${n}`, 'PREROUTING:policy', 'INPUT:policy'];
const IN_REDIRECT = (n: number): string[] => ['PREROUTING#1', `ISTIO_INBOUND#${n}`, 'ISTIO_IN_REDIRECT#1', 'INPUT:policy'];

/** Inbound through nat: excluded ports RETURN at their rule, everything else is redirected. */
function natInbound(excluded: Record<number, number>, redirectRule: number): NatModel['inbound'] {
  return (port) => {
    const rule = excluded[port];
    return rule === undefined
      ? { nat: IN_REDIRECT(redirectRule), captured: true }
      : { nat: IN_RETURN(rule), captured: false };
  };
}

/** The 9-rule ISTIO_OUTPUT of Istio >= 1.5, starting at rule `first` (after any -o exclusions). */
function nineRuleOutput(first: number): Omit<NatModel, 'inbound' | 'inboundLocal' | 'appOut'> {
  return {
    handoff: OUT_RETURN(first),
    envoyHairpin: OUT_IN_REDIRECT(first + 1),
    appLoopback: OUT_RETURN(first + 2),
    appOwnIp: { nat: OUT_RETURN(first + 2), captured: false },
    envoyOut: OUT_RETURN(first + 3),
  };
}

const redirectDefault: NatModel = {
  inbound: natInbound({ 15090: 2, 15021: 3, 15020: 4 }, 5),
  inboundLocal: () => `${POD}:15006`,
  appOut: () => ({ nat: OUT_REDIRECT(9), captured: true }),
  ...nineRuleOutput(1),
};

// TPROXY: inbound is handled in mangle (TPROXY to 15006 keeps the destination); nat PREROUTING has
// no rules, so every inbound SYN just counts the PREROUTING and INPUT policies.
const tproxy: NatModel = {
  ...redirectDefault,
  inbound: (port) => ({
    nat: ['PREROUTING:policy', 'INPUT:policy'],
    captured: ![15090, 15021, 15020].includes(port),
  }),
  inboundLocal: (port) => `${POD}:${port}`,
};

const excludes: NatModel = {
  inbound: natInbound({ 15090: 2, 15021: 3, 15020: 4, 9090: 5 }, 6),
  inboundLocal: () => `${POD}:15006`,
  appOut: (dst) => {
    if (dst.endsWith(':3306')) return { nat: OUT_RETURN(1), captured: false };
    if (dst.startsWith(`${PEER.address}:`)) return { nat: OUT_RETURN(11), captured: false };
    return { nat: OUT_REDIRECT(12), captured: true };
  },
  ...nineRuleOutput(3),
};

// Istio 1.3/1.4: loopback traffic to anything but 127.0.0.1 is captured for every user.
const legacy: NatModel = {
  inbound: natInbound({ 22: 1, 15020: 2 }, 3),
  inboundLocal: () => `${POD}:15006`,
  handoff: OUT_RETURN(1),
  envoyHairpin: OUT_IN_REDIRECT(2),
  appOwnIp: { nat: OUT_IN_REDIRECT(2), captured: true },
  envoyOut: OUT_RETURN(3),
  appLoopback: OUT_RETURN(5),
  appOut: () => ({ nat: OUT_REDIRECT(6), captured: true }),
};

const RULES = 'tests/conformance/rules';

export const CASES: readonly CaseSpec[] = [
  {
    name: 'redirect-default',
    title: 'Default injected sidecar, REDIRECT mode (9-rule ISTIO_OUTPUT)',
    istioIptablesArgs: `-p 15001 -z 15006 -u 1337 -m REDIRECT -i '*' -x "" -b '*' -d 15090,15021,15020`,
    rulesFile: `${RULES}/sidecar-init-default.v4.restore`,
    backend: 'nft',
    podCommands: [],
    transparentInbound: false,
    nat: redirectDefault,
  },
  {
    name: 'redirect-default-legacy',
    title: 'Default injected sidecar, REDIRECT mode, on the iptables legacy backend',
    istioIptablesArgs: `-p 15001 -z 15006 -u 1337 -m REDIRECT -i '*' -x "" -b '*' -d 15090,15021,15020`,
    rulesFile: `${RULES}/sidecar-init-default.v4.restore`,
    backend: 'legacy',
    podCommands: [],
    transparentInbound: false,
    nat: redirectDefault,
  },
  {
    name: 'tproxy',
    title: 'Same sidecar in TPROXY mode (mangle ISTIO_DIVERT/ISTIO_TPROXY, fwmark 0x539, table 133)',
    istioIptablesArgs: `-p 15001 -z 15006 -u 1337 -m TPROXY -i '*' -x "" -b '*' -d 15090,15021,15020`,
    rulesFile: `${RULES}/sidecar-init-tproxy.v4.restore`,
    backend: 'nft',
    podCommands: [
      ['ip', '-4', 'rule', 'add', 'fwmark', '0x539', 'lookup', '133'],
      ['ip', '-4', 'route', 'add', 'local', 'default', 'dev', 'lo', 'table', '133'],
    ],
    transparentInbound: true,
    nat: tproxy,
  },
  {
    name: 'excludes',
    title: 'Excluded inbound port 9090, excluded outbound port 3306, excluded outbound CIDR 10.244.1.6/32',
    istioIptablesArgs: `-p 15001 -z 15006 -u 1337 -m REDIRECT -i '*' -x 10.244.1.6/32 -b '*' -d 15090,15021,15020,9090 -o 3306`,
    rulesFile: `${RULES}/sidecar-init-excludes.v4.restore`,
    backend: 'nft',
    podCommands: [],
    transparentInbound: false,
    nat: excludes,
  },
  {
    name: 'legacy-6-rule',
    title: 'Istio 1.3/1.4-era rules: 6-rule ISTIO_OUTPUT, OUTPUT -p tcp, inbound excludes 22 and 15020 only',
    istioIptablesArgs: `istio-iptables.sh era; inbound '*' with 22 and 15020 excluded (see NOTICE.md)`,
    rulesFile: `${RULES}/legacy-6-rule.v4.restore`,
    backend: 'nft',
    podCommands: [],
    transparentInbound: false,
    nat: legacy,
  },
];

/** Envoy stand-in's endpoint choice for a ClusterIP (like EDS); other destinations pass through. */
export const ENDPOINTS: Record<string, string> = {
  [`${CLUSTER_IP}:9080`]: `${PEER.address}:9080`,
};
