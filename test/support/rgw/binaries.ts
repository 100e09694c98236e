import { accessSync, constants } from "node:fs";
import { delimiter, join } from "node:path";

/** What the local S3 server and the post-deploy test need on PATH. */
export const REQUIRED_BINARIES = ["ceph-mon", "ceph-osd", "ceph", "monmaptool", "radosgw", "radosgw-admin", "rclone"] as const;

export const INSTALL_HINT = "install them with scripts/install-test-deps.sh (Debian packages radosgw ceph-mon ceph-osd ceph-common rclone)";

export function findOnPath(name: string): string | undefined {
    for (const dir of (process.env.PATH ?? "").split(delimiter)) {
        if (!dir) continue;
        const candidate = join(dir, name);
        try {
            accessSync(candidate, constants.X_OK);
            return candidate;
        } catch {
            // not in this directory
        }
    }
    return undefined;
}

export function missingBinaries(): string[] {
    return REQUIRED_BINARIES.filter((b) => findOnPath(b) === undefined);
}
