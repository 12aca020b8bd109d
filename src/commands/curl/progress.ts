// curl's progress meter (lib/progress.c), which it writes to stderr when the body does not go to
// the terminal and -s was not given: two header lines, a line at the start, one a second while
// the transfer lasts, and the final one, each starting with a carriage return, the last ending
// the line. Byte counts and speeds use five characters (max5data: `3001`, ` 517k`, ` 2.5M`).

export const METER_HEADER =
	'  % Total    % Received % Xferd  Average Speed   Time    Time     Time  Current\n' + '                                 Dload  Upload   Total   Spent    Left  Speed\n';

const KB = 1024;
const MB = KB * 1024;

/** Five characters for a byte count or a speed. */
export function max5(n: number): string {
	const v = Math.max(0, Math.floor(n));
	if (v < 100000) return String(v).padStart(5);
	if (v < 10000 * KB) return `${String(Math.floor(v / KB)).padStart(4)}k`;
	if (v < 100 * MB) return `${String(Math.floor(v / MB)).padStart(2)}.${Math.floor((v % MB) / (MB / 10))}M`;
	return `${String(Math.floor(v / MB)).padStart(4)}M`;
}

/** `--:--:--` below a second, ` 0:00:03` from then on (hours, minutes, seconds). */
export function hms(ms: number): string {
	const s = Math.floor(ms / 1000);
	if (s <= 0) return '--:--:--';
	const h = Math.floor(s / 3600);
	const m = Math.floor((s % 3600) / 60);
	return `${String(h).padStart(2)}:${String(m).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
}

export interface MeterSample {
	/** Content-Length (or the request body size while uploading); 0 when unknown. */
	readonly expected: number;
	readonly downloaded: number;
	readonly uploaded: number;
	/** Upload size announced (Content-Length of a request body). */
	readonly uploadExpected: number;
	readonly elapsedUs: number;
}

const pct = (part: number, whole: number): number => (whole > 0 ? Math.floor((part * 100) / whole) : 0);

/** One meter line, without its leading carriage return. */
export function meterLine(s: MeterSample): string {
	const secs = s.elapsedUs / 1e6;
	// An unknown size counts as what has arrived so far (a chunked body ends at 100%).
	const total = (s.expected > 0 ? s.expected : s.downloaded) + (s.uploadExpected > 0 ? s.uploadExpected : s.uploaded);
	const done = s.downloaded + s.uploaded;
	const dlSpeed = secs > 0 ? s.downloaded / secs : 0;
	const ulSpeed = secs > 0 ? s.uploaded / secs : 0;
	// The current speed is sampled per millisecond: a transfer within one counts as one.
	const ms = Math.max(1, Math.floor(s.elapsedUs / 1000));
	const current = done === 0 ? 0 : (done * 1000) / ms;
	return [
		`${String(pct(done, total)).padStart(3)} ${max5(total)}  `,
		`${String(pct(s.downloaded, s.expected)).padStart(3)} ${max5(s.downloaded)}  `,
		`${String(pct(s.uploaded, s.uploadExpected)).padStart(3)} ${max5(s.uploaded)}  `,
		`${max5(dlSpeed)}  ${max5(ulSpeed)} `,
		`--:--:-- ${hms(s.elapsedUs / 1000)} --:--:-- ${max5(current)}`,
	].join('');
}

/** The zero line curl prints as the transfer starts. */
export const ZERO_LINE = meterLine({ expected: 0, downloaded: 0, uploaded: 0, uploadExpected: 0, elapsedUs: 0 });

/** Idle lines while waiting (a connect that hangs): one per whole second spent. */
export function waitingLines(ms: number): { readonly at: number; readonly line: string }[] {
	const out: { at: number; line: string }[] = [];
	for (let s = 1; s * 1000 < ms; s++) out.push({ at: s * 1000, line: meterLine({ expected: 0, downloaded: 0, uploaded: 0, uploadExpected: 0, elapsedUs: s * 1000 * 1000 }) });
	return out;
}
