// Errors are values. Each kind maps to how iptables 1.8.9 reports it and to its exit status
// (xtables.h: OTHER_PROBLEM 1, PARAMETER_PROBLEM 2, VERSION_PROBLEM 3, RESOURCE_PROBLEM 4).

import type { Backend } from './types';

export type XtError =
	/** xtables_error(PARAMETER_PROBLEM): "<prog> v1.8.9 (nf_tables): <message>" then the "Try" hint. */
	| { readonly kind: 'parameter'; readonly message: string }
	/** Printed without the program prefix, but with the "Try" hint ("Bad argument `x'"). */
	| { readonly kind: 'bare'; readonly message: string }
	/** xtables_error(VERSION_PROBLEM): prefix, no hint, exit 3. */
	| { readonly kind: 'version'; readonly message: string }
	/** Printed with the program prefix, no hint, and its own exit status. */
	| { readonly kind: 'fatal'; readonly message: string; readonly exitCode: number }
	/** A libiptc-style failure of the command itself: "iptables: <message>", exit 1. */
	| { readonly kind: 'kernel'; readonly message: string }
	/** nf_tables netlink failures, reported per failed object: exit 4. */
	| { readonly kind: 'netlink'; readonly failures: readonly NetlinkFailure[] };

export interface NetlinkFailure {
	readonly op: string;
	readonly reason: string;
	readonly object: string;
	/** The iptables-restore line that produced the object (restore only). */
	readonly line?: number;
}

export type XtResult<T> =
	| { readonly ok: true; readonly value: T }
	/** `stdout`: what the command printed before it failed (`-X -v` lists chains, then fails). */
	| { readonly ok: false; readonly error: XtError; readonly stdout?: string };

export const ok = <T>(value: T): XtResult<T> => ({ ok: true, value });
export const fail = <T = never>(error: XtError): XtResult<T> => ({ ok: false, error });
export const param = <T = never>(message: string): XtResult<T> => fail({ kind: 'parameter', message });
export const bare = <T = never>(message: string): XtResult<T> => fail({ kind: 'bare', message });
export const kernel = <T = never>(message: string): XtResult<T> => fail({ kind: 'kernel', message });

export const VERSION = '1.8.9';

/** "v1.8.9 (nf_tables)" or "v1.8.9 (legacy)": what `iptables -V` prints after the name. */
export function versionBanner(backend: Backend): string {
	return `v${VERSION} (${backend === 'nft' ? 'nf_tables' : 'legacy'})`;
}

export function exitCodeOf(error: XtError): number {
	switch (error.kind) {
		case 'parameter':
		case 'bare':
			return 2;
		case 'version':
			return 3;
		case 'kernel':
			return 1;
		case 'netlink':
			return 4;
		case 'fatal':
			return error.exitCode;
	}
}

/**
 * stderr of the `iptables` command for an error. `prog` is the name iptables reports itself as:
 * `iptables` / `ip6tables` whatever the binary was called (xtables-nft-multi sets it per family).
 */
export function formatCommandError(prog: string, backend: Backend, error: XtError): string {
	const head = `${prog} ${versionBanner(backend)}: `;
	const hint = `Try \`${prog} -h' or '${prog} --help' for more information.\n`;
	switch (error.kind) {
		case 'parameter':
			return `${head}${error.message}\n${hint}`;
		case 'bare':
			return `${error.message}\n${hint}`;
		case 'version':
		case 'fatal':
			return `${head}${error.message}\n`;
		case 'kernel':
			return `${prog}: ${error.message}\n`;
		case 'netlink':
			return error.failures.map((f) => `${head} ${f.op} failed (${f.reason}): ${f.object}\n`).join('');
	}
}

/** stderr of iptables-restore for an error raised while handling input line `line`. */
export function formatRestoreError(prog: string, backend: Backend, error: XtError, line: number): string {
	const head = `${prog} ${versionBanner(backend)}: `;
	const hint = `Try \`${prog} -h' or '${prog} --help' for more information.\n`;
	switch (error.kind) {
		case 'parameter':
			return `${head}${error.message}\nError occurred at line: ${line}\n${hint}`;
		case 'bare':
			return `${error.message}\nError occurred at line: ${line}\n${hint}`;
		case 'version':
		case 'fatal':
			return `${head}${error.message}\n`;
		case 'kernel':
			// iptables-legacy-restore does not say why libiptc failed.
			return `${prog}: line ${line} failed${error.message === '' || backend === 'legacy' ? '' : `: ${error.message}`}\n`;
		case 'netlink':
			return `${head}\n${error.failures.map((f) => `line ${f.line ?? line}: ${f.op} failed (${f.reason}): ${f.object}\n`).join('')}`;
	}
}
