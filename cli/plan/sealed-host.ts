/**
 * `plan --sealed-host <host> --out <file>`: one host's entry of the offline
 * plan's `sealedHosts`, written as the file the host decrypts (no `jq`). It
 * is ciphertext, a public output: written 0644 like the files the deploy
 * workflow publishes, atomically (a rename replaces a symlink at that path,
 * never writes through it); any directory will do, /tmp too. Nothing of its
 * plaintext is printed. The keys inside are the offline plan's stand-ins: the
 * file shows what `pulumi up` seals for the host (its sections, their
 * comments and job lines) and rehearses the host's install, not its backups.
 */
import { replaceFile } from "../shared/atomic-write";
import { describeFsError } from "../shared/fs-error";
import { CliError, UsageError } from "../shared/cli-error";
import type { PlanResult } from "./run";

const PUBLIC_FILE_MODE = 0o644;

export async function writeSealedHost(plan: PlanResult, host: string, out: string): Promise<string> {
    const sealed = plan.outputs.sealedHosts?.value as Readonly<Record<string, string>> | undefined;
    if (sealed === undefined) {
        throw new CliError(
            `--sealed-host: stack ${plan.stack} seals no host files (backup-remotes:hostKeys is not set); ` +
                "set each host's age public key there (docs/hosts.md), or use pull-config with the stack's outputs",
        );
    }
    const file = sealed[host];
    if (file === undefined) {
        throw new UsageError(`--sealed-host "${host}" is not a host of stack ${plan.stack} (hosts: ${Object.keys(sealed).sort().join(", ")})`);
    }
    try {
        await replaceFile(out, Buffer.from(file, "utf8"), PUBLIC_FILE_MODE);
    } catch (err) {
        if (err instanceof CliError) throw err;
        throw new CliError(`--out ${out}: cannot write it: ${describeFsError(err)}`);
    }
    const recipients = plan.sealing.find((r) => r.host === host)?.recipients.length ?? 0;
    return (
        `wrote ${out}: host ${host}'s sealed file of stack ${plan.stack} (${file.length} bytes, to ${recipients} key(s)); ` +
        "its keys are the offline plan's stand-ins, `pulumi up` seals the real ones"
    );
}
