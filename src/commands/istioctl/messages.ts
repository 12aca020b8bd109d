// Our own messages (not istioctl's), in English and Chinese.

import type { Lang } from '../../shell';

export function notModelled(lang: Lang, what: string, available: string): string {
	return lang === 'zh'
		? `istioctl ${what}：本终端未提供此命令（可用：${available}）\n`
		: `istioctl ${what}: not available in this terminal (${available} are)\n`;
}

export const PC_AVAILABLE = {
	en: 'all, bootstrap, cluster, ecds, endpoint, listener, route and secret',
	zh: 'all、bootstrap、cluster、ecds、endpoint、listener、route、secret',
} as const;
