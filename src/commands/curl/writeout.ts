// -w/--write-out (src/tool_writeout.c): `%{name}` variables, `%header{name}`, `\n` `\r` `\t`
// escapes, `%%`; an unknown variable is reported on stderr and the rest still printed. The lab
// fills the variables a transfer of its world can know; the rest of curl's are named, so asking
// for one says it is not simulated instead of "unknown".

export interface WriteOutVars {
	readonly values: Readonly<Record<string, string>>;
	readonly headers: readonly (readonly [string, string])[];
}

/** curl 8.14's variables that the lab does not fill. */
const UNFILLED = new Set([
	'certs', 'conn_id', 'ftp_entry_path', 'header_json', 'json', 'num_certs', 'onerror', 'proxy_ssl_verify_result', 'proxy_used', 'ssl_verify_result', 'time_appconnect',
	'time_queue', 'time_posttransfer', 'time_redirect', 'tls_earlydata', 'xfer_id', 'url.scheme', 'url.user', 'url.password', 'url.options', 'url.host', 'url.port', 'url.path',
	'url.query', 'url.fragment', 'url.zoneid', 'urle.scheme', 'urle.user', 'urle.password', 'urle.options', 'urle.host', 'urle.port', 'urle.path', 'urle.query', 'urle.fragment',
	'urle.zoneid', 'output', 'stdout', 'stderr',
]);

export interface WriteOut {
	readonly stdout: string;
	readonly stderr: string;
	readonly unfilled: readonly string[];
}

export function writeOut(format: string, vars: WriteOutVars): WriteOut {
	let stdout = '';
	let stderr = '';
	const unfilled: string[] = [];
	for (let i = 0; i < format.length; i++) {
		const c = format[i];
		if (c === '%' && format[i + 1] === '%') {
			stdout += '%';
			i++;
		} else if (c === '%' && format.startsWith('{', i + 1)) {
			const end = format.indexOf('}', i + 2);
			if (end < 0) {
				stdout += format.slice(i);
				break;
			}
			const name = format.slice(i + 2, end);
			// Own keys only: `%{constructor}` is an unknown variable, not Object's constructor.
			const v = Object.hasOwn(vars.values, name) ? vars.values[name] : undefined;
			if (v !== undefined) stdout += v;
			else if (UNFILLED.has(name)) unfilled.push(name);
			else stderr += `curl: unknown --write-out variable: '${name}'\n`;
			i = end;
		} else if (c === '%' && format.startsWith('header{', i + 1)) {
			const end = format.indexOf('}', i + 8);
			if (end < 0) {
				stdout += format.slice(i);
				break;
			}
			const name = format.slice(i + 8, end).toLowerCase();
			stdout += vars.headers.filter(([k]) => k.toLowerCase() === name).map(([, v]) => v).join(', ');
			i = end;
		} else if (c === '\\' && i + 1 < format.length) {
			const e = format[i + 1];
			stdout += e === 'n' ? '\n' : e === 'r' ? '\r' : e === 't' ? '\t' : e === '\\' ? '\\' : `\\${e ?? ''}`;
			i++;
		} else stdout += c ?? '';
	}
	return { stdout, stderr, unfilled };
}

/** Seconds with six decimals, as curl prints times. */
export const secs = (us: number): string => (us / 1e6).toFixed(6);
