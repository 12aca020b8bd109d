// Public API of the terminal. The lab component (src/components/lab/mount.ts) builds one like this:
//
//   const lab = new LabAddon({ session, scheduler: timerScheduler(), lang: 'zh',
//     history: new History({ key: 'guide', storage: localStorage }), banner: true, onEscape });
//   xterm.loadAddon(lab);                 // onData -> the editor, onResize -> resize, our widths
//   lab.typeAndRun(commandsFromSearch(location.search).commands);
//
// Without xterm (tests, benchmarks) a TerminalController takes any Output and a ManualScheduler.

export * from './types';
export { plainText, TerminalController, type LineRan, type Notice, type TerminalOptions, type TerminalState } from './controller';
export { Editor, type EditorOptions } from './editor';
export { KeyDecoder, MAX_PASTE } from './keys';
export { LineBuffer, MAX_LINE, type Killed } from './line-buffer';
export { History, HistoryWalk, HISTORY_MAX, HISTORY_PREFIX, type HistoryOptions } from './history';
export { ReverseSearch, findBackward } from './search';
export { commonPrefix, formatColumns, labelOf, QUERY_ITEMS, queryText, resolveCompletion, type Resolution } from './completion';
export { layout, moveCursor, comparePos, MIN_COLUMNS, type Layout, type Pos } from './layout';
export { LineRenderer } from './renderer';
export { OutputFilter } from './output';
export { ManualScheduler, timerScheduler, typeSlowly } from './scheduler';
export { JobDriver, type JobHooks } from './job-driver';
export { MESSAGES, notice, t, type MessageKey } from './messages';
export { bashPrompt, tildeDir, type PromptParts } from './prompt';
export { commandsFromSearch, linkWithCommands, MAX_LINK_COMMANDS, MAX_LINK_LENGTH, type LinkCommands } from './deep-link';
export { completeFiles, completeShellLine, wordAt } from './shell-complete';
export { defaultPrompt, ShellSession, type ShellLab, type ShellSessionOptions } from './shell-session';
export { clusters, codePointWidth, sanitize, sanitizePrompt, textWidth, visibleWidths } from './width';
export { LabAddon, type Disposable, type KeyEventLike, type LabAddonOptions, type XtermAddonLike, type XtermLike } from './xterm-addon';
export { contrastRatio, LAB_THEMES, themeFor, type LabTheme, type ThemeName } from './themes';
export { WIDTH_VERSION, widthProvider, type UnicodeProvider } from './xterm-unicode';
