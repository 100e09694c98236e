/**
 * The message of an invalid config, every problem listed: one text for the program (`ConfigError`, a Pulumi
 * RunError in program.ts) and the commands that read the config without the Pulumi SDKs (deployer-policy).
 */
export function invalidConfigMessage(stackName: string, problems: readonly string[]): string {
    return (
        `invalid configuration for stack "${stackName}" (${problems.length} problem${problems.length === 1 ? "" : "s"}):\n` +
        problems.map((p) => `  - ${p}`).join("\n")
    );
}
