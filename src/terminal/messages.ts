// The terminal's own words, as flat dotted keys in both languages of the course (the convention of
// src/i18n/ui.ts, which these can join once the lab component uses them). Tools keep printing
// exactly what Linux prints; only what the course adds is translated.

import type { Lang } from './types';

const EN = {
	'terminal.banner': 'Sidecar Lab: a simulated shell. Type help to list the commands; Tab completes, ↑ recalls, Ctrl-R searches your history.',
	'terminal.reset': 'The lab is back to its starting state.',
	'terminal.exited': 'The shell has exited. Press Enter to start the lab again.',
	'terminal.error': 'The simulator hit an internal error ({message}). Press Reset to start again.',
	'terminal.link.intro': 'Running the commands from the link you opened:',
	'terminal.link.dropped': '{dropped} more commands in the link were left out (at most {max}, each up to {length} characters).',
} as const;

export type MessageKey = keyof typeof EN;

const ZH: Readonly<Record<MessageKey, string>> = {
	'terminal.banner': 'Sidecar Lab：模拟的 shell。输入 help 查看可用命令；Tab 补全，↑ 调出上一条，Ctrl-R 搜索历史命令。',
	'terminal.reset': '实验已恢复到初始状态。',
	'terminal.exited': 'shell 已退出。按回车键重新开始实验。',
	'terminal.error': '模拟器内部出错（{message}）。请点击“重置”重新开始。',
	'terminal.link.intro': '正在运行你打开的链接中的命令：',
	'terminal.link.dropped': '链接中另有 {dropped} 条命令未运行（最多 {max} 条，每条不超过 {length} 个字符）。',
};

export const MESSAGES: Readonly<Record<Lang, Readonly<Record<MessageKey, string>>>> = { en: EN, zh: ZH };

export function t(lang: Lang, key: MessageKey, vars: Readonly<Record<string, string | number>> = {}): string {
	return MESSAGES[lang][key].replace(/\{(\w+)\}/g, (all, name: string) => (name in vars ? String(vars[name]) : all));
}

/** Our messages stand apart from the tools' output: cyan, on lines of their own. */
export function notice(text: string): string {
	return `\x1b[36m${text}\x1b[0m\r\n`;
}
