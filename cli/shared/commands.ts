/**
 * The six commands: the name `backup-remotes <name>` takes, the npm script that runs the same command, and
 * the line `backup-remotes --help` lists (within 80 columns). Data only: the entry point (cli/main.ts) loads
 * a command's module when it is chosen, never before.
 */
export const COMMANDS = [
    { name: "plan", script: "plan", summary: "what `pulumi up` would create, offline" },
    { name: "postdeploy", script: "postdeploy", summary: "prove a deployed stack's sections with the real rclone" },
    { name: "pull-config", script: "pull-config", summary: "write one host's remotes into its rclone config" },
    { name: "permissions-diff", script: "permissions:diff", summary: "what a change does to permissions, offline" },
    { name: "deployer-policy", script: "deployer-policy", summary: "what each provider's deploy credential needs" },
    { name: "rotate", script: "rotate", summary: "rotate keys as config changes: issue, retire, revoke" },
] as const;

export type CommandInfo = (typeof COMMANDS)[number];
export type CommandName = CommandInfo["name"];

/** The command `name` or `script` (`permissions:diff`) names, if any. */
export function findCommand(nameOrScript: string): CommandInfo | undefined {
    return COMMANDS.find((c) => c.name === nameOrScript || c.script === nameOrScript);
}
