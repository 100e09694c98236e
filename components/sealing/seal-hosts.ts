/**
 * Sealed delivery: each host's file (its plaintext, rendered by the caller)
 * encrypted to that host's key and the break-glass keys. The result is the
 * public `sealedHosts` output: host → ASCII-armored age file.
 */
import * as pulumi from "@pulumi/pulumi";
import { SealedHostFile } from "./sealed-host-file";

/** Who may open the sealed files: each host its own, the break-glass keys every one. */
export interface SealingSpec {
    /** Host → its age recipient. */
    readonly hostKeys: Readonly<Record<string, string>>;
    /** Recipients added to every host's file. */
    readonly breakGlassKeys: readonly string[];
}

import type { SealedHostsOutput } from "../outputs";

export type { SealedHostsOutput };

export function sealHostFiles(
    parent: pulumi.Resource,
    plaintexts: ReadonlyMap<string, pulumi.Output<string>>,
    sealing: SealingSpec,
): pulumi.Output<SealedHostsOutput> {
    const sealed: Record<string, pulumi.Output<string>> = {};
    for (const [host, plaintext] of [...plaintexts].sort(([a], [b]) => a.localeCompare(b))) {
        const key = sealing.hostKeys[host];
        // The schema requires a key for every host; this guards a caller that skipped it.
        if (key === undefined) throw new Error(`host "${host}" has no key in hostKeys`);
        const file = new SealedHostFile(
            `sealed-${host}`,
            {
                host,
                plaintext,
                recipients: [key, ...sealing.breakGlassKeys.filter((k) => k !== key)],
            },
            { parent },
        );
        // The ciphertext is public on purpose: it can be fetched without stack secrets, committed or served
        // anywhere, and only the recipients' private keys open it. It derives from a secret input, so the engine
        // may hand it back marked secret; unsecret it knowingly so `sealedHosts` is a plain, readable output.
        sealed[host] = pulumi.unsecret(file.ciphertext);
    }
    return pulumi.output(sealed);
}
