/** A CLI command: gets its arguments, returns the process exit code. */
export type Command = (args: string[]) => Promise<number> | number;

const commands = new Map<string, Command>();

/** Registers a command (the built-ins and those of the signing, DIAN and platform modules). */
export function registerCommand(name: string, command: Command): void {
  commands.set(name, command);
}

/** The command registered under a name, if any. */
export function commandNamed(name: string): Command | undefined {
  return commands.get(name);
}

/** Signs an unsigned XML with a .p12 file (installed by the signing module for `build --cert`). */
export type SignHook = (xml: string, certPath: string, password: string) => Promise<string>;
let signHook: SignHook | undefined;

/** Installs the signing hook. */
export function setSignHook(hook: SignHook): void {
  signHook = hook;
}

/** The installed signing hook, if the signing module is loaded. */
export function currentSignHook(): SignHook | undefined {
  return signHook;
}
