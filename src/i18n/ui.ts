/**
 * UI strings of our own components, as flat dotted keys (Starlight's convention). Starlight's own
 * strings (search, navigation, language picker) come from its built-in en and zh-CN tables.
 */
export const ui = {
	en: {
		'ports.filter.label': 'Filter ports',
		'ports.filter.placeholder': 'Type a port, a process or a word, e.g. 15006 or metrics',
		'ports.filter.count': '{shown} of {total} entries shown',
		'ports.filter.none': 'Nothing matches “{query}”. Try a port number or a process name such as envoy.',
		'ports.col.port': 'Port',
		'ports.col.process': 'Process and socket',
		'ports.col.purpose': 'What it is for',
		'ports.col.exposed': 'Reachable from outside the pod?',
		'ports.col.path': 'Socket path',
		'ports.col.server': 'Server',
		'ports.col.client': 'Client',
		'ports.col.versions': 'Istio versions',
		'ports.link': 'Link to this row',
		'ports.history': 'historic',
		'transcript.label': 'Recorded terminal: {title}',
		'lab.panel.label': 'Lab',
		'lessons.minutes': '{minutes} min',
		'lessons.preparing': 'In preparation',
		'lessons.lesson': 'Lesson {number}',
	},
	zh: {
		'ports.filter.label': '筛选端口',
		'ports.filter.placeholder': '输入端口号、进程名或关键词，例如 15006 或 指标',
		'ports.filter.count': '显示 {shown} / {total} 项',
		'ports.filter.none': '没有与“{query}”匹配的条目。试试端口号，或 envoy 这样的进程名。',
		'ports.col.port': '端口',
		'ports.col.process': '进程与监听地址',
		'ports.col.purpose': '用途',
		'ports.col.exposed': 'Pod 外可访问？',
		'ports.col.path': '套接字路径',
		'ports.col.server': '服务端',
		'ports.col.client': '客户端',
		'ports.col.versions': 'Istio 版本',
		'ports.link': '本行链接',
		'ports.history': '已废弃',
		'transcript.label': '终端记录：{title}',
		'lab.panel.label': '实验',
		'lessons.minutes': '{minutes} 分钟',
		'lessons.preparing': '编写中',
		'lessons.lesson': '第 {number} 课',
	},
} as const;

export type Lang = keyof typeof ui;
export type UiKey = keyof (typeof ui)['en'];

/** Maps a Starlight locale (`en`, `zh`) or a BCP-47 tag (`zh-CN`) to one of our languages. */
export function toLang(locale: string | undefined): Lang {
	return locale?.toLowerCase().startsWith('zh') ? 'zh' : 'en';
}

/** Looks up a UI string and fills `{name}` placeholders. */
export function t(lang: Lang, key: UiKey, vars: Record<string, string | number> = {}): string {
	return ui[lang][key].replace(/\{(\w+)\}/g, (whole, name: string) =>
		name in vars ? String(vars[name]) : whole,
	);
}
