// tcpdump 4.99.3's own texts, byte for byte as recorded (tests/fixtures/tcpdump/args.json): the
// version banner (with the libpcap and OpenSSL of the Debian 12 build the recordings used) and the
// usage that follows it after -h and after an option error.

export const VERSION_LINES: readonly string[] = ['tcpdump version 4.99.3', 'libpcap version 1.10.3 (with TPACKET_V3)', 'OpenSSL 3.0.19 27 Jan 2026'];

export const USAGE_LINES: readonly string[] = [
	'Usage: tcpdump [-AbdDefhHIJKlLnNOpqStuUvxX#] [ -B size ] [ -c count ] [--count]',
	'\t\t[ -C file_size ] [ -E algo:secret ] [ -F file ] [ -G seconds ]',
	'\t\t[ -i interface ] [ --immediate-mode ] [ -j tstamptype ]',
	'\t\t[ -M secret ] [ --number ] [ --print ] [ -Q in|out|inout ]',
	'\t\t[ -r file ] [ -s snaplen ] [ -T type ] [ --version ]',
	'\t\t[ -V file ] [ -w file ] [ -W filecount ] [ -y datalinktype ]',
	'\t\t[ --time-stamp-precision precision ] [ --micro ] [ --nano ]',
	'\t\t[ -z postrotate-command ] [ -Z user ] [ expression ]',
];

export const VERSION_TEXT = `${VERSION_LINES.join('\n')}\n`;
export const USAGE_TEXT = `${VERSION_LINES.join('\n')}\n${USAGE_LINES.join('\n')}\n`;

/** What the pseudo-devices of `tcpdump -D` are, after the namespace's own interfaces. */
export const PSEUDO_DEVICES: readonly string[] = [
	'bluetooth-monitor (Bluetooth Linux Monitor) [Wireless]',
	'nflog (Linux netfilter log (NFLOG) interface) [none]',
	'nfqueue (Linux netfilter queue (NFQUEUE) interface) [none]',
	'dbus-system (D-Bus system bus) [none]',
	'dbus-session (D-Bus session bus) [none]',
];
