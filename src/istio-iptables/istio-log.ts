// Istio's console log format (pkg/log, zap console encoder): `<time>\t<level>\t<message>` on
// stdout, time in UTC with microseconds, the default scope's name omitted, messages written as
// they are (multi-line messages stay multi-line, a trailing "\n" leaves a blank line). The clock is
// injected so output is deterministic.

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

const RANK: Readonly<Record<LogLevel | 'fatal' | 'none', number>> = { debug: 0, info: 1, warn: 2, error: 3, fatal: 4, none: 5 };

/** pkg/log formatDate: 2006-01-02T15:04:05.000000Z. */
export function formatLogTime(t: Date): string {
	const pad = (n: number, width = 2): string => String(n).padStart(width, '0');
	const micros = t.getUTCMilliseconds() * 1000;
	return (
		`${pad(t.getUTCFullYear(), 4)}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}` +
		`T${pad(t.getUTCHours())}:${pad(t.getUTCMinutes())}:${pad(t.getUTCSeconds())}.${pad(micros, 6)}Z`
	);
}

/**
 * The minimum level of the default scope from --log_output_level (`default:info`, `info`, or a
 * list of `scope:level`). Unknown text keeps the default, info.
 */
export function defaultScopeLevel(outputLevels: string): number {
	let rank = RANK.info;
	for (const item of outputLevels.split(',')) {
		const [scope, level] = item.includes(':') ? item.split(':', 2) : ['default', item];
		const r = RANK[(level ?? '') as keyof typeof RANK];
		if (scope === 'default' && r !== undefined) rank = r;
	}
	return rank;
}

export class IstioLog {
	private text = '';

	constructor(
		private readonly now: () => Date,
		private readonly minRank: number = RANK.info,
	) {}

	log(level: LogLevel, message: string): void {
		if (RANK[level] < this.minRank) return;
		this.text += `${formatLogTime(this.now())}\t${level}\t${message}\n`;
	}

	info(message: string): void {
		this.log('info', message);
	}

	warn(message: string): void {
		this.log('warn', message);
	}

	error(message: string): void {
		this.log('error', message);
	}

	output(): string {
		return this.text;
	}
}
