/** A host's decrypted file as `pulumi up` fills it in, pointed at the local radosgw. */

/**
 * The keys `pulumi up` would have put into the plan's host file (`keys`: section → its deployed
 * options), and where the server is: every other line stays as generated. Provider Ceph, because
 * rclone 1.60 addresses 127.0.0.1 only path-style (see deploy.ts).
 */
export function deployKeys(text: string, keys: Readonly<Record<string, Record<string, string>>>, endpoint: string): string {
    let section = "";
    const out: string[] = [];
    for (const line of text.split("\n")) {
        const header = /^\[(.+)\]$/.exec(line);
        if (header) section = header[1]!;
        const key = /^(access_key_id|secret_access_key) = /.exec(line)?.[1];
        if (key !== undefined) out.push(`${key} = ${keys[section]![key]}`);
        else if (line === "provider = AWS") out.push("provider = Ceph", `endpoint = ${endpoint}`, `session_token = ${keys[section]!.session_token}`);
        else out.push(line);
    }
    return out.join("\n");
}
