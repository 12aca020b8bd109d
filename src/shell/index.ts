// Public API of the shell. A terminal or test builds a Shell from a Registry and a VirtualFs:
//
//   const registry = standardRegistry().register(myIptablesSpec);   // from './commands'
//   const shell = new Shell({ registry, fs, lang: 'zh' });
//   shell.run('iptables -t nat -S | grep ISTIO')   // -> { stdout, stderr, exitCode, output, control? }
//   const job = shell.start('ping -c 3 10.0.0.1')  // the terminal: job.advance(ms), job.interrupt()

export { drain, endless, waiting, chunked } from './commands/process';
export { helpText, parseOptions } from './commands/util';
export { MemoryFs, resolvePath, STRERROR, type FileStat, type FsError, type FsFailure, type VirtualFs } from './fs';
export type { OutputEvent } from './io';
export { DEFAULT_LIMITS } from './limits';
export { parse } from './parse';
export { closestName, Registry } from './registry';
export { Shell, type Control, type Job, type JobStep, type LineResult, type ShellOptions } from './session';
export * from './types';
