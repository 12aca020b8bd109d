// ss's selection model (iproute2 6.1 misc/ss.c): socket tables ("dbs"), address families and
// TCP-style states as bit sets, with the defaults each table and family brings along. The option
// parser (./args.ts) and the filter (./filter.ts) fill it in; the renderer (./render.ts) reads it.

/** Socket tables, as ss numbers them. */
export const DB = {
	TCP: 0, MPTCP: 1, DCCP: 2, UDP: 3, RAW: 4, UNIX_DG: 5, UNIX_ST: 6, UNIX_SQ: 7,
	PACKET_DG: 8, PACKET_R: 9, NETLINK: 10, SCTP: 11, VSOCK_ST: 12, VSOCK_DG: 13, TIPC: 14, XDP: 15,
} as const;
export const MAX_DB = 16;

/** Address families by their Linux numbers (FAMILY_MASK shifts by them). */
export const AF = { UNIX: 1, INET: 2, INET6: 10, NETLINK: 16, PACKET: 17, TIPC: 30, VSOCK: 40, XDP: 44 } as const;

/** ss's states (SS_ESTABLISHED ... SS_CLOSING), TCP's numbering. */
export const SS = { ESTABLISHED: 1, SYN_SENT: 2, SYN_RECV: 3, FIN_WAIT1: 4, FIN_WAIT2: 5, TIME_WAIT: 6, CLOSE: 7, CLOSE_WAIT: 8, LAST_ACK: 9, LISTEN: 10, CLOSING: 11 } as const;
export const SS_ALL = (1 << 12) - 1;
export const SS_CONN = SS_ALL & ~((1 << SS.LISTEN) | (1 << SS.CLOSE) | (1 << SS.TIME_WAIT) | (1 << SS.SYN_RECV));
const TIPC_SS_CONN = (1 << SS.ESTABLISHED) | (1 << SS.LISTEN) | (1 << SS.CLOSE);

export const fam = (af: number): bigint => 1n << BigInt(af);
const INET_FAMS = fam(AF.INET) | fam(AF.INET6);

/** default_dbs[]: the states and families a table brings when it is selected. */
export const DB_DEFAULTS: readonly { readonly states: number; readonly families: bigint }[] = [
	{ states: SS_CONN, families: INET_FAMS },
	{ states: SS_CONN, families: INET_FAMS },
	{ states: SS_CONN, families: INET_FAMS },
	{ states: 1 << SS.ESTABLISHED, families: INET_FAMS },
	{ states: 1 << SS.ESTABLISHED, families: INET_FAMS },
	{ states: 1 << SS.CLOSE, families: fam(AF.UNIX) },
	{ states: SS_CONN, families: fam(AF.UNIX) },
	{ states: SS_CONN, families: fam(AF.UNIX) },
	{ states: 1 << SS.CLOSE, families: fam(AF.PACKET) },
	{ states: 1 << SS.CLOSE, families: fam(AF.PACKET) },
	{ states: 1 << SS.CLOSE, families: fam(AF.NETLINK) },
	{ states: SS_CONN, families: INET_FAMS },
	{ states: SS_CONN, families: fam(AF.VSOCK) },
	{ states: SS_CONN, families: fam(AF.VSOCK) },
	{ states: TIPC_SS_CONN, families: fam(AF.TIPC) },
	{ states: 1 << SS.CLOSE, families: fam(AF.XDP) },
];

const bits = (...dbs: number[]): number => dbs.reduce((m, d) => m | (1 << d), 0);
export const UNIX_DBM = bits(DB.UNIX_DG, DB.UNIX_ST, DB.UNIX_SQ);
const INET_DBM = bits(DB.TCP, DB.MPTCP, DB.UDP, DB.DCCP, DB.SCTP, DB.RAW);

/** default_afs[]: the tables and states a family brings. */
export const AF_DEFAULTS: ReadonlyMap<number, { readonly dbs: number; readonly states: number }> = new Map([
	[AF.INET, { dbs: INET_DBM, states: SS_CONN }],
	[AF.INET6, { dbs: INET_DBM, states: SS_CONN }],
	[AF.UNIX, { dbs: UNIX_DBM, states: SS_CONN }],
	[AF.PACKET, { dbs: bits(DB.PACKET_DG, DB.PACKET_R), states: 1 << SS.CLOSE }],
	[AF.NETLINK, { dbs: bits(DB.NETLINK), states: 1 << SS.CLOSE }],
	[AF.VSOCK, { dbs: bits(DB.VSOCK_ST, DB.VSOCK_DG), states: SS_CONN }],
	[AF.TIPC, { dbs: bits(DB.TIPC), states: TIPC_SS_CONN }],
	[AF.XDP, { dbs: bits(DB.XDP), states: 1 << SS.CLOSE }],
]);

/** -A names (filter_db_parse). */
export const DB_NAMES: Readonly<Record<string, readonly number[]>> = {
	all: [DB.UDP, DB.DCCP, DB.TCP, DB.MPTCP, DB.RAW, DB.UNIX_ST, DB.UNIX_DG, DB.UNIX_SQ, DB.PACKET_R, DB.PACKET_DG, DB.NETLINK, DB.SCTP, DB.VSOCK_ST, DB.VSOCK_DG, DB.XDP],
	inet: [DB.UDP, DB.DCCP, DB.TCP, DB.MPTCP, DB.SCTP, DB.RAW],
	udp: [DB.UDP], dccp: [DB.DCCP], tcp: [DB.TCP], mptcp: [DB.MPTCP], sctp: [DB.SCTP], raw: [DB.RAW],
	unix: [DB.UNIX_ST, DB.UNIX_DG, DB.UNIX_SQ],
	unix_stream: [DB.UNIX_ST], u_str: [DB.UNIX_ST], unix_dgram: [DB.UNIX_DG], u_dgr: [DB.UNIX_DG], unix_seqpacket: [DB.UNIX_SQ], u_seq: [DB.UNIX_SQ],
	packet: [DB.PACKET_R, DB.PACKET_DG], packet_raw: [DB.PACKET_R], p_raw: [DB.PACKET_R], packet_dgram: [DB.PACKET_DG], p_dgr: [DB.PACKET_DG],
	netlink: [DB.NETLINK],
	vsock: [DB.VSOCK_ST, DB.VSOCK_DG], vsock_stream: [DB.VSOCK_ST], v_str: [DB.VSOCK_ST], vsock_dgram: [DB.VSOCK_DG], v_dgr: [DB.VSOCK_DG],
	xdp: [DB.XDP],
};

/** The `state` words (scan_state), case-insensitive as strcasecmp compares them. */
export function scanState(word: string): number | undefined {
	const w = word.toLowerCase();
	const named: Record<string, number> = {
		close: 1 << SS.CLOSE, closed: 1 << SS.CLOSE, 'syn-rcv': 1 << SS.SYN_RECV, established: 1 << SS.ESTABLISHED,
		all: SS_ALL,
		connected: SS_ALL & ~((1 << SS.CLOSE) | (1 << SS.LISTEN)),
		synchronized: SS_ALL & ~((1 << SS.CLOSE) | (1 << SS.LISTEN) | (1 << SS.SYN_SENT)),
		bucket: (1 << SS.SYN_RECV) | (1 << SS.TIME_WAIT),
		big: SS_ALL & ~((1 << SS.SYN_RECV) | (1 << SS.TIME_WAIT)),
		unknown: 1,
		'syn-sent': 1 << SS.SYN_SENT, 'syn-recv': 1 << SS.SYN_RECV, 'fin-wait-1': 1 << SS.FIN_WAIT1, 'fin-wait-2': 1 << SS.FIN_WAIT2,
		'time-wait': 1 << SS.TIME_WAIT, unconnected: 1 << SS.CLOSE, 'close-wait': 1 << SS.CLOSE_WAIT, 'last-ack': 1 << SS.LAST_ACK,
		listening: 1 << SS.LISTEN, closing: 1 << SS.CLOSING,
	};
	return named[w];
}

/** What the command line selected. */
export interface Selection {
	dbs: number;
	states: number;
	families: bigint;
	/** -4 / -6 / -f: the family hostconds are parsed in, and the one inet dumps start with. */
	preferredFamily: number | undefined;
}

export function dbSet(sel: Selection, db: number, enable: boolean): void {
	if (enable) {
		sel.states |= DB_DEFAULTS[db]?.states ?? 0;
		sel.dbs |= 1 << db;
	} else sel.dbs &= ~(1 << db);
}

export function afSet(sel: Selection, af: number): void {
	sel.states |= AF_DEFAULTS.get(af)?.states ?? 0;
	sel.families |= fam(af);
	sel.preferredFamily = af;
}

/** filter_merge_defaults: tables bring their families, families their tables. */
export function mergeDefaults(sel: Selection): void {
	for (let db = 0; db < MAX_DB; db++) {
		if (!(sel.dbs & (1 << db))) continue;
		const d = DB_DEFAULTS[db];
		if (d !== undefined && (d.families & sel.families) === 0n) sel.families |= d.families;
	}
	for (const [af, d] of AF_DEFAULTS) {
		if ((sel.families & fam(af)) === 0n) continue;
		if ((d.dbs & sel.dbs) === 0) sel.dbs |= d.dbs;
	}
}

export const hasDb = (sel: Selection, db: number): boolean => (sel.dbs & (1 << db)) !== 0;
export const hasFamily = (sel: Selection, af: number): boolean => (sel.families & fam(af)) !== 0n;
/** x & (x - 1) === 0: at most one bit set (ss hides the Netid / State column then). */
export const single = (x: number): boolean => (x & (x - 1)) === 0;
