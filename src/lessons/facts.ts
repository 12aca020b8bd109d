// Helpers for exercise facts: reading values out of the world and out of the real tools' output.
// They run at build time and in tests (never in the page), but import nothing at runtime from the
// simulator, so an exercise file stays cheap to bundle for its check.

import type { Process, World } from '../world/types';

/** The process `comm` of the pod whose name starts with `podPrefix` (the first one, in PID order). */
export function processIn(world: World, podPrefix: string, comm: string): Process {
	const found = world.processes.find((p) => p.comm === comm && (p.container?.pod.split('/')[1] ?? '').startsWith(podPrefix));
	if (found === undefined) throw new Error(`broken invariant: no ${comm} process in a pod named ${podPrefix}…`);
	return found;
}

/** The process with `pid`, which must exist. */
export function processById(world: World, pid: number): Process {
	const found = world.processes.find((p) => p.pid === pid);
	if (found === undefined) throw new Error(`broken invariant: no process ${pid}`);
	return found;
}

/** The rules of `chain` in `iptables -S` output: its `-A CHAIN …` lines, in order. */
export function rulesOf(specOutput: string, chain: string): string[] {
	return specOutput.split('\n').filter((l) => l.startsWith(`-A ${chain} `));
}

/**
 * In a `trace` explanation, the number of the rule of `chain` that decided (the rule whose next
 * line says `matched:`). Undefined when no rule of the chain matched.
 */
export function decidingRule(traceOutput: string, chain: string): number | undefined {
	const lines = traceOutput.split('\n');
	const start = lines.findIndex((l) => l.trim() === chain);
	if (start < 0) return undefined;
	const indent = (lines[start] ?? '').search(/\S/);
	for (let i = start + 1; i < lines.length - 1; i++) {
		const line = lines[i] ?? '';
		if (line.search(/\S/) < indent) break;
		const rule = /^\s*rule (\d+): /.exec(line);
		if (rule !== null && (lines[i + 1] ?? '').trim().startsWith('matched:')) return Number(rule[1]);
	}
	return undefined;
}

/** A value the facts need, or a broken-invariant error naming what was missing. */
export function must<T>(value: T | undefined | null, what: string): T {
	if (value === undefined || value === null) throw new Error(`broken invariant: exercise facts: ${what} not found`);
	return value;
}
