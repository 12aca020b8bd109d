// The few facts `istioctl proxy-config secret` shows about a certificate, read from its DER
// encoding (RFC 5280, section 4.1): serial number, validity, whether basicConstraints says CA,
// and the SPIFFE trust domain of a `spiffe://` URI in subjectAltName. Malformed input gives
// undefined, as Go's x509.ParseCertificate error makes istioctl print an empty row.

export interface CertInfo {
	/** Lower-case hex of the serial as a big integer, without leading zeros (Go's %x). */
	readonly serialHex: string;
	/** Milliseconds since the epoch. */
	readonly notBefore: number;
	readonly notAfter: number;
	readonly isCA: boolean;
	readonly spiffeTrustDomain?: string;
}

interface Tlv {
	readonly tag: number;
	readonly start: number;
	readonly end: number;
}

function readTlv(b: Uint8Array, at: number, limit: number): Tlv | undefined {
	if (at + 2 > limit) return undefined;
	const tag = b[at] as number;
	let len = b[at + 1] as number;
	let start = at + 2;
	if (len & 0x80) {
		const count = len & 0x7f;
		if (count === 0 || count > 4 || start + count > limit) return undefined;
		len = 0;
		for (let i = 0; i < count; i++) len = len * 256 + (b[start + i] as number);
		start += count;
	}
	if (start + len > limit) return undefined;
	return { tag, start, end: start + len };
}

function children(b: Uint8Array, t: Tlv): Tlv[] | undefined {
	const out: Tlv[] = [];
	let at = t.start;
	while (at < t.end) {
		const c = readTlv(b, at, t.end);
		if (c === undefined) return undefined;
		out.push(c);
		at = c.end;
	}
	return out;
}

function text(b: Uint8Array, t: Tlv): string {
	let s = '';
	for (let i = t.start; i < t.end; i++) s += String.fromCharCode(b[i] as number);
	return s;
}

function time(b: Uint8Array, t: Tlv): number | undefined {
	const s = text(b, t);
	const m = t.tag === 0x17 ? /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(s) : t.tag === 0x18 ? /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(s) : null;
	if (m === null) return undefined;
	let year = Number(m[1]);
	if (t.tag === 0x17) year += year >= 50 ? 1900 : 2000;
	return Date.UTC(year, Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]));
}

const OID_BASIC_CONSTRAINTS = '551d13';
const OID_SUBJECT_ALT_NAME = '551d11';

function hex(b: Uint8Array, t: Tlv): string {
	let s = '';
	for (let i = t.start; i < t.end; i++) s += (b[i] as number).toString(16).padStart(2, '0');
	return s;
}

export function parseCertificate(der: Uint8Array): CertInfo | undefined {
	const cert = readTlv(der, 0, der.length);
	if (cert?.tag !== 0x30) return undefined;
	const tbs = children(der, cert)?.[0];
	if (tbs?.tag !== 0x30) return undefined;
	const f = children(der, tbs);
	if (f === undefined) return undefined;
	let i = f[0]?.tag === 0xa0 ? 1 : 0;
	const serial = f[i++];
	i++; // signature algorithm
	i++; // issuer
	const validity = f[i++];
	if (serial?.tag !== 0x02 || validity?.tag !== 0x30) return undefined;
	const [nb, na] = children(der, validity) ?? [];
	const notBefore = nb === undefined ? undefined : time(der, nb);
	const notAfter = na === undefined ? undefined : time(der, na);
	if (notBefore === undefined || notAfter === undefined) return undefined;
	const serialHex = hex(der, serial).replace(/^0+/, '') || '0';
	let isCA = false;
	let spiffeTrustDomain: string | undefined;
	const ext = f.find((x) => x.tag === 0xa3);
	const list = ext === undefined ? [] : (children(der, ext) ?? []).flatMap((seq) => children(der, seq) ?? []);
	for (const e of list) {
		const parts = children(der, e) ?? [];
		const oid = parts[0];
		const value = parts[parts.length - 1];
		if (oid?.tag !== 0x06 || value?.tag !== 0x04) continue;
		const inner = readTlv(der, value.start, value.end);
		if (inner === undefined) continue;
		if (hex(der, oid) === OID_BASIC_CONSTRAINTS) {
			const first = (children(der, inner) ?? [])[0];
			isCA = first?.tag === 0x01 && der[first.start] !== 0;
		} else if (hex(der, oid) === OID_SUBJECT_ALT_NAME) {
			for (const name of children(der, inner) ?? []) {
				if (name.tag !== 0x86) continue;
				const m = /^spiffe:\/\/([^/?#]*)/i.exec(text(der, name));
				if (m !== null) spiffeTrustDomain = (m[1] ?? '').replace(/^[^@]*@/, '').replace(/:\d*$/, '');
			}
		}
	}
	return { serialHex, notBefore, notAfter, isCA, ...(spiffeTrustDomain !== undefined ? { spiffeTrustDomain } : {}) };
}

/** The first `CERTIFICATE`-style PEM block's bytes (Go's pem.Decode takes the first block of any type). */
export function firstPemBlock(pem: string): Uint8Array | undefined {
	const m = /-----BEGIN [^-\n]*-----\r?\n([\s\S]*?)-----END [^-\n]*-----/.exec(pem);
	if (m === null) return undefined;
	const body = (m[1] ?? '').split('\n').filter((l) => !l.includes(':')).join('');
	const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
	const bytes: number[] = [];
	let bits = 0;
	let value = 0;
	for (const ch of body) {
		const i = alphabet.indexOf(ch);
		if (i < 0) continue;
		value = ((value << 6) | i) & 0xffffff;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			bytes.push((value >> bits) & 0xff);
		}
	}
	return Uint8Array.from(bytes);
}

/** RFC 3339 in UTC as Go's time.Format(time.RFC3339) prints a UTC time. */
export function rfc3339(ms: number): string {
	return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
