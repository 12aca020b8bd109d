// Public API of the netfilter model: the vocabulary, the tools, and the renderers.

export * from './types';
export type { XtError, XtResult, NetlinkFailure } from './errors';
export { formatCommandError, formatRestoreError, versionBanner } from './errors';
export type { NameResolver, EtcFiles } from './names';
export { resolverFromFiles, NUMERIC_RESOLVER } from './names';
export type { MatchExtension, TargetExtension, OptionSpec, ParseContext, PrintContext } from './extension';
export { MATCHES, TARGETS } from './registry';
export { parseCommandLine, type CommandLine } from './cmdline';
export { applyCommand } from './apply';
export { restore, tokenize } from './restore';
export { runXtables, identify, TOOL_NAMES, type XtablesEnv, type ToolRun, type ToolIdentity } from './tool';
export { saveRuleset, saveTable, listRules, ctime, saveOrder, type SaveOptions } from './render-save';
export { listTable, listChain, ruleRow, humanCount, type ListOptions } from './render-list';
export { ruleSpecText, sameRule } from './render-rule';
export { reachingHooks, invalidRules } from './validate';
export * as rulesetOps from './ruleset';
export * as engine from './engine';
