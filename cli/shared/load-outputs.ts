/**
 * Load a stack's outputs as `pulumi stack output --json --show-secrets`
 * prints them: from a file (`--outputs <file>`, `-` for stdin) or by running
 * the Pulumi CLI. Shared by the commands that consume outputs (pull-config,
 * post-deploy). The text holds secrets: it stays in memory, is never logged,
 * and error messages name keys, never values.
 */
import { spawn } from "node:child_process";
import { readFile, stat } from "node:fs/promises";
import { z } from "zod";
import { remoteSummarySchema } from "../../components/outputs-schema";
import { CliError } from "./cli-error";
import { describeFsError, octalMode, othersCanRead } from "./fs-error";

export type OutputsSource = { readonly kind: "file"; readonly path: string } | { readonly kind: "stack"; readonly stack: string };

export interface RawStackOutputs {
    /** Where the outputs came from, for messages: `stack staging` or `outputs file x.json`. */
    readonly origin: string;
    readonly values: Readonly<Record<string, unknown>>;
}

/** What `pulumi stack output --show-secrets` left out prints instead of a secret value. */
const SECRET_PLACEHOLDER = "[secret]";

export async function loadStackOutputs(source: OutputsSource): Promise<RawStackOutputs> {
    if (source.kind === "file") {
        const origin = source.path === "-" ? "outputs on stdin" : `outputs file ${source.path}`;
        const text = source.path === "-" ? await readStdin() : await readOutputsFile(source.path);
        return { origin, values: parseOutputsJson(text, origin) };
    }
    const origin = `stack ${source.stack}`;
    const text = await runPulumiStackOutput(source.stack);
    return { origin, values: parseOutputsJson(text, origin) };
}

export function parseOutputsJson(text: string, origin: string): Record<string, unknown> {
    let parsed: unknown;
    try {
        parsed = JSON.parse(text);
    } catch {
        // JSON.parse's message quotes the text around the error, which may be a secret: say only that it is not JSON.
        throw new CliError(`${origin} is not JSON; expected what \`pulumi stack output --json --show-secrets\` prints`);
    }
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
        throw new CliError(`${origin} must be a JSON object of stack outputs (what \`pulumi stack output --json --show-secrets\` prints)`);
    }
    return parsed as Record<string, unknown>;
}

/** One named output, checked against `schema`; a clear error when it is missing, hidden or the wrong shape. */
export function requireOutput<T>(outputs: RawStackOutputs, name: string, schema: z.ZodType<T>): T {
    if (!Object.hasOwn(outputs.values, name)) {
        const present = Object.keys(outputs.values);
        throw new CliError(
            `${outputs.origin} has no output "${name}" (outputs: ${present.join(", ") || "none"}); ` +
                "deploy a version of backup-remotes that exports it, or check the stack name",
        );
    }
    const value = outputs.values[name];
    if (value === SECRET_PLACEHOLDER) {
        throw new CliError(`output "${name}" of ${outputs.origin} is hidden as "[secret]"; ` + "produce it with `pulumi stack output --json --show-secrets`");
    }
    const result = schema.safeParse(value);
    if (!result.success) {
        // zod issues carry paths and expectations, not the offending values.
        const problems = result.error.issues.slice(0, 5).map((i) => `${[name, ...i.path.map(String)].join(".")}: ${i.message}`);
        throw new CliError(`output "${name}" of ${outputs.origin} has an unexpected shape: ${problems.join("; ")}`);
    }
    return result.data;
}

/** What pull-config reads of the `remotes` output: each section's usage. */
export const remotesUsageSchema = z.array(remoteSummarySchema.pick({ host: true, hostSection: true, role: true, path: true, rcloneFlags: true }));

async function readOutputsFile(path: string): Promise<string> {
    try {
        const info = await stat(path);
        if (othersCanRead(info.mode)) {
            // Not fatal (the file is the user's), but it holds every secret of the host.
            process.stderr.write(
                `warning: ${path} holds secrets and is readable by others ` + `(mode ${octalMode(info.mode)}); chmod 600 it or delete it after use\n`,
            );
        }
        return await readFile(path, "utf8");
    } catch (err) {
        throw new CliError(`cannot read outputs file ${path}: ${describeFsError(err)}`);
    }
}

export async function readStdin(): Promise<string> {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(Buffer.from(chunk as Buffer));
    return Buffer.concat(chunks).toString("utf8");
}

/** The pulumi binary; PULUMI_BIN lets CI pin a path. */
function pulumiBinary(): string {
    return process.env.PULUMI_BIN ?? "pulumi";
}

function runPulumiStackOutput(stack: string): Promise<string> {
    const args = ["stack", "output", "--json", "--show-secrets", "--stack", stack];
    return new Promise((resolve, reject) => {
        const child = spawn(pulumiBinary(), args, { stdio: ["ignore", "pipe", "pipe"] });
        const out: Buffer[] = [];
        const errOut: Buffer[] = [];
        child.stdout.on("data", (c: Buffer) => out.push(c));
        child.stderr.on("data", (c: Buffer) => errOut.push(c));
        child.on("error", (err: NodeJS.ErrnoException) => {
            if (err.code === "ENOENT") {
                reject(
                    new CliError(
                        `the Pulumi CLI ("${pulumiBinary()}") is not installed or not on PATH; install it ` +
                            "(https://www.pulumi.com/docs/install/) or pass --outputs <file> with what " +
                            `\`pulumi stack output --json --show-secrets --stack ${stack}\` printed elsewhere`,
                    ),
                );
            } else {
                reject(new CliError(`cannot run ${pulumiBinary()}: ${err.message}`));
            }
        });
        child.on("close", (code) => {
            if (code === 0) return resolve(Buffer.concat(out).toString("utf8"));
            // pulumi's stderr explains (not logged in, no such stack); it carries no output values.
            const detail = Buffer.concat(errOut).toString("utf8").trim().split("\n").slice(-3).join(" / ");
            reject(new CliError(`\`pulumi ${args.join(" ")}\` failed (exit ${code})${detail ? `: ${detail}` : ""}`));
        });
    });
}
