// The `trace` teaching command: one synthetic connection's first packet through the current rules
// of the pod's namespace, printed step by step. It changes the world as that packet would: rule
// and policy counters, and a conntrack entry (unreplied, since no answer is simulated).

import { openConnection } from '../../netfilter/engine/connection';
import type { EngineState } from '../../netfilter/engine/types';
import { parseTraceArgs } from './args';
import { TRACE_HELP } from './help';
import { msg, type TraceLang } from './messages';
import { fateLines, stepLines } from './render';

export interface TraceContext {
	readonly lang: TraceLang;
	readonly state: EngineState;
	/** The injected clock, in milliseconds. */
	readonly now: number;
	/** The injected random source in [0, 1), for ephemeral source ports. */
	readonly random: () => number;
}

export interface TraceRun {
	readonly stdout: string;
	readonly stderr: string;
	readonly exitCode: number;
	readonly state: EngineState;
}

/** `argv[0]` is the command name, as a shell passes it. */
export function runTrace(argv: readonly string[], ctx: TraceContext): TraceRun {
	const lang = ctx.lang;
	const parsed = parseTraceArgs(argv.slice(1), ctx.state.netns);
	if (!parsed.ok) {
		const stderr = `trace: ${msg(lang, parsed.key, parsed.vars ?? {})}\n${msg(lang, 'usage')}\n${msg(lang, 'usage.hint')}\n`;
		return { stdout: '', stderr, exitCode: 2, state: ctx.state };
	}
	if (parsed.help === true) return { stdout: `${TRACE_HELP[lang].join('\n')}\n`, stderr: '', exitCode: 0, state: ctx.state };
	const a = parsed.args;
	const from = a.iface !== undefined ? ({ kind: 'remote', iface: a.iface } as const) : ({ kind: 'local', uid: a.uid, gid: a.gid } as const);
	const r = openConnection(
		ctx.state,
		{ protocol: a.protocol, from, ...(a.src !== undefined ? { src: a.src } : {}), ...(a.sport !== undefined ? { sport: a.sport } : {}), dst: a.dst, dport: a.dport },
		{ now: ctx.now, random: ctx.random },
		{ handshake: false },
	);
	const trace = r.packets[0];
	if (trace === undefined) throw new Error('broken invariant: a connection without a first packet');
	const first = trace.steps.find((s) => s.kind === 'hook');
	const pkt = first?.kind === 'hook' ? first.packet : undefined;
	const src = `${pkt?.src ?? a.src ?? '0.0.0.0'}:${pkt?.sport ?? a.sport ?? ''}`;
	const header = a.iface !== undefined
		? msg(lang, 'header.arriving', { proto: a.protocol, src, dst: `${a.dst}:${a.dport}`, iface: a.iface })
		: msg(lang, 'header.local', { proto: a.protocol, src, dst: `${a.dst}:${a.dport}`, uid: a.uid, gid: a.gid });
	const lines = [header, '', ...stepLines(lang, trace), '', ...fateLines(lang, r.fate, trace, r.originalDst)];
	return { stdout: `${lines.join('\n')}\n`, stderr: '', exitCode: 0, state: r.state };
}
