// Our own words in the terminal (not the real tools'), in both languages of the course. Real tool
// messages stay in English, exactly as the tools print them.

import type { Lang, Unsupported } from './types';

const EN = {
	'suggest.command': 'Did you mean: {name}?',
	'limit.steps': 'bash: this line did too much work and was stopped (simulator limit)',
	'limit.output': '[output cut: more than {bytes} bytes]',
	'help.header': 'Commands in this terminal:',
	'help.footer': 'Type NAME --help for the options of one command.',
	'unsupported.loops': 'bash: loops (for, while, until, select) are not available in this terminal',
	'unsupported.conditionals': 'bash: if and [[ ]] are not available in this terminal; use && and ||',
	'unsupported.functions': 'bash: defining functions is not available in this terminal',
	'unsupported.case': 'bash: case is not available in this terminal',
	'unsupported.heredoc': 'bash: here-documents (<<) are not available in this terminal; try <<< or printf ... |',
	'unsupported.coproc': 'bash: coproc is not available in this terminal; run the command in the background with &',
	'kill.notJob': 'bash: kill: {pid}: only the jobs of this shell can be signalled in this terminal (see jobs)',
	'unsupported.arithmetic-command': 'bash: (( )) is not available in this terminal; use $(( ))',
	'unsupported.process-substitution': 'bash: process substitution <( ) is not available in this terminal',
	'unsupported.substring': 'bash: ${name:offset:length} is not available in this terminal',
	'unsupported.too-deep': 'bash: this line nests too deeply for this terminal',
	'unsupported.too-long': 'bash: this line is too long for this terminal',
} as const;

type Key = keyof typeof EN;

const ZH: Readonly<Record<Key, string>> = {
	'suggest.command': '你是不是想输入：{name}？',
	'limit.steps': 'bash：这一行的计算量超出了模拟器的上限，已停止',
	'limit.output': '[输出已截断：超过 {bytes} 字节]',
	'help.header': '本终端可用的命令：',
	'help.footer': '输入 命令名 --help 查看该命令的选项。',
	'unsupported.loops': 'bash：本终端不支持循环（for、while、until、select）',
	'unsupported.conditionals': 'bash：本终端不支持 if 和 [[ ]]，请使用 && 和 ||',
	'unsupported.functions': 'bash：本终端不支持定义函数',
	'unsupported.case': 'bash：本终端不支持 case',
	'unsupported.heredoc': 'bash：本终端不支持 here-document（<<），可以改用 <<< 或 printf ... |',
	'unsupported.coproc': 'bash：本终端不支持 coproc，可以用 & 把命令放到后台运行',
	'kill.notJob': 'bash：kill：{pid}：本终端只能向这个 shell 的后台任务发送信号（见 jobs）',
	'unsupported.arithmetic-command': 'bash：本终端不支持 (( ))，请使用 $(( ))',
	'unsupported.process-substitution': 'bash：本终端不支持进程替换 <( )',
	'unsupported.substring': 'bash：本终端不支持 ${name:offset:length}',
	'unsupported.too-deep': 'bash：这一行嵌套层数过多',
	'unsupported.too-long': 'bash：这一行太长了',
};

export function t(lang: Lang, key: Key, vars: Readonly<Record<string, string>> = {}): string {
	const text = lang === 'zh' ? ZH[key] : EN[key];
	return text.replace(/\{(\w+)\}/g, (all, k: string) => vars[k] ?? all);
}

export function unsupportedMessage(lang: Lang, feature: Unsupported): string {
	return t(lang, `unsupported.${feature}`);
}
