/**
 * The real age tools (Debian's `age` 1.1.1 package: `age`, `age-keygen`),
 * as a host uses them. Missing binaries fail the test (install them with
 * scripts/install-test-deps.sh); nothing here is skipped.
 */
import { execFile, execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";

export interface AgeKey {
    /** The identity file `age-keygen -o` wrote (0600). */
    readonly identityFile: string;
    /** Its public key, `age1…`. */
    readonly recipient: string;
}

/** `age-keygen -o <dir>/<name>.key`, as a host would make its key. */
export function ageKeygen(dir: string, name: string): AgeKey {
    const identityFile = join(dir, `${name}.key`);
    const out = execFileSync("age-keygen", ["-o", identityFile], { stdio: ["ignore", "pipe", "pipe"] });
    // age-keygen prints "Public key: age1…" on stderr when writing to a file; the file holds it as a comment too.
    const recipient = /public key: (age1[0-9a-z]+)/i.exec(readFileSync(identityFile, "utf8") + out.toString())?.[1];
    if (recipient === undefined) throw new Error(`age-keygen wrote no public key into ${identityFile}`);
    return { identityFile, recipient };
}

export interface AgeRun {
    readonly code: number;
    readonly stdout: string;
    readonly stderr: string;
}

/** `age -d -i <identity> <file>` with the real binary. */
export function ageDecrypt(identityFile: string, sealedFile: string): Promise<AgeRun> {
    return new Promise((resolve, reject) => {
        execFile("age", ["-d", "-i", identityFile, sealedFile], (err, stdout, stderr) => {
            if (err !== null && typeof err.code !== "number") reject(err);
            else resolve({ code: err === null ? 0 : (err.code as number), stdout, stderr });
        });
    });
}
