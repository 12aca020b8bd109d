// The payload dumps: -A (ASCII), -x (hex), -X (hex and ASCII), from the IP header on, as
// tcpdump's print-ascii.c lays them out. In -A a carriage return before a line feed is dropped and
// a line feed is printed as one, so the IP and TCP headers (10.x addresses hold 0x0a bytes) break
// lines too, exactly as on a real terminal.

const isGraph = (b: number): boolean => b >= 0x21 && b <= 0x7e;

/** `-A`: a line break, then each byte as text (non-printing bytes as '.'). */
export function asciiDump(bytes: Uint8Array): string {
	let out = '\n';
	for (let i = 0; i < bytes.length; i++) {
		const b = bytes[i] ?? 0;
		const left = bytes.length - i - 1;
		if (b === 0x0d) {
			if (left > 1 && bytes[i + 1] !== 0x0a) out += '.';
		} else out += isGraph(b) || b === 0x09 || b === 0x20 || b === 0x0a ? String.fromCharCode(b) : '.';
	}
	return out;
}

const hex2 = (b: number): string => b.toString(16).padStart(2, '0');

/** `-x` and `-X`: 16 bytes a line, `\t0x0000:  4500 003c ...`, with the bytes as text after -X. */
export function hexDump(bytes: Uint8Array, withAscii: boolean): string {
	let out = '';
	for (let off = 0; off < bytes.length; off += 16) {
		const line = bytes.subarray(off, Math.min(off + 16, bytes.length));
		let hex = '';
		for (let i = 0; i < line.length; i += 2) hex += i + 1 < line.length ? ` ${hex2(line[i] ?? 0)}${hex2(line[i + 1] ?? 0)}` : ` ${hex2(line[i] ?? 0)}`;
		out += `\n\t0x${off.toString(16).padStart(4, '0')}: ${hex}`;
		if (withAscii) out += `${' '.repeat(40 - hex.length)}  ${[...line].map((b) => (isGraph(b) ? String.fromCharCode(b) : '.')).join('')}`;
	}
	return out;
}
