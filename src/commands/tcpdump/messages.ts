// Sidecar Lab's own words, for what the real tcpdump would do but the simulator does not (write or
// read capture files, print BPF code, link-layer headers). Everything else tcpdump says is its own
// text, in English, as the real tool prints it.

export type Lang = 'en' | 'zh';

const NOT_SIMULATED = {
	en: (what: string) => `tcpdump: ${what} is not simulated in Sidecar Lab (it prints the packets of the simulated pod; try -n, -v, -A, -X, -c)`,
	zh: (what: string) => `tcpdump: Sidecar 实验室没有模拟${what}（这里只打印模拟 Pod 中的数据包；可以试试 -n、-v、-A、-X、-c）`,
} as const;

/** What each declined option would have done, by option letter or long name. */
const WHAT: Readonly<Record<string, { readonly en: string; readonly zh: string }>> = {
	w: { en: 'writing a capture file (-w)', zh: '写入抓包文件（-w）' },
	r: { en: 'reading a capture file (-r)', zh: '读取抓包文件（-r）' },
	d: { en: 'printing the compiled BPF code (-d)', zh: '打印编译后的 BPF 代码（-d）' },
	e: { en: 'printing link-layer headers (-e)', zh: '打印链路层头部（-e）' },
	F: { en: 'reading the expression from a file (-F)', zh: '从文件读取过滤表达式（-F）' },
	C: { en: 'rotating capture files (-C)', zh: '轮转抓包文件（-C）' },
	G: { en: 'rotating capture files (-G)', zh: '轮转抓包文件（-G）' },
	W: { en: 'rotating capture files (-W)', zh: '轮转抓包文件（-W）' },
	z: { en: 'post-rotate commands (-z)', zh: '轮转后执行命令（-z）' },
	V: { en: 'reading a list of capture files (-V)', zh: '读取抓包文件列表（-V）' },
	E: { en: 'decrypting IPsec (-E)', zh: '解密 IPsec（-E）' },
	M: { en: 'TCP-MD5 secrets (-M)', zh: 'TCP-MD5 密钥（-M）' },
	T: { en: 'forced packet types (-T)', zh: '强制按指定协议解析（-T）' },
	y: { en: 'choosing the link type (-y)', zh: '选择链路类型（-y）' },
	L: { en: 'listing link types (-L)', zh: '列出链路类型（-L）' },
	J: { en: 'listing time stamp types (-J)', zh: '列出时间戳类型（-J）' },
	j: { en: 'choosing the time stamp type (-j)', zh: '选择时间戳类型（-j）' },
	m: { en: 'SMI MIB modules (-m)', zh: 'SMI MIB 模块（-m）' },
	count: { en: 'counting without printing (--count)', zh: '只计数不打印（--count）' },
	'time-stamp-precision': { en: 'nanosecond time stamps', zh: '纳秒级时间戳' },
	nano: { en: 'nanosecond time stamps', zh: '纳秒级时间戳' },
};

export function notSimulated(lang: Lang, option: string): string {
	return `${NOT_SIMULATED[lang](WHAT[option]?.[lang] ?? `-${option}`)}\n`;
}
