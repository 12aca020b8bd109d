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
		'lab.region': 'Lab terminal: {title}',
		'lab.title.recorder-pod': 'sidecar pod · istio-init defaults',
		'lab.loading': 'Loading the terminal…',
		'lab.failed': 'The terminal could not be loaded ({message}). Reload the page to try again.',
		'lab.tools': 'Terminal controls',
		'lab.reset': 'Reset',
		'lab.reset.title': 'Restore the lab to its starting state',
		'lab.font.group': 'Text size',
		'lab.font.smaller': 'A− (smaller text)',
		'lab.font.larger': 'A+ (larger text)',
		'lab.input': 'Terminal input',
		'lab.help': 'Click the terminal or Tab to it, then type. Tab completes, ↑ recalls, Ctrl-R searches your history, Ctrl-C stops a command or copies selected text. Press Esc to leave the terminal, then Tab moves on.',
		'lab.run': 'Run: {command}',
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
		'lab.region': '实验终端：{title}',
		'lab.title.recorder-pod': 'Sidecar Pod · istio-init 默认规则',
		'lab.loading': '正在加载终端…',
		'lab.failed': '终端加载失败（{message}）。请刷新页面重试。',
		'lab.tools': '终端控制',
		'lab.reset': '重置',
		'lab.reset.title': '把实验恢复到初始状态',
		'lab.font.group': '字号',
		'lab.font.smaller': 'A−（缩小字号）',
		'lab.font.larger': 'A+（放大字号）',
		'lab.input': '终端输入',
		'lab.help': '点击终端或用 Tab 键进入后即可输入。Tab 补全，↑ 调出上一条，Ctrl-R 搜索历史，Ctrl-C 中止命令或复制选中的文字。按 Esc 离开终端，再按 Tab 继续向后。',
		'lab.run': '运行：{command}',
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
