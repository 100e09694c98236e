/** The hostKeys / breakGlassKeys config: every problem at once, each with its config key and what would be valid. */
import { strict as assert } from "node:assert";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { parseEnvironmentConfig } from "../../components/config/schema";
import { ageKeygen } from "../support/age";
import { threeRoles } from "../support/config";
import { tempDir } from "../pull-config/helpers";

function keys(dir: string, names: readonly string[]): Record<string, string> {
    return Object.fromEntries(names.map((n) => [n, ageKeygen(dir, n).recipient]));
}

test("hostKeys for every host turns sealing on; without hostKeys it is off", (t) => {
    const hostKeys = keys(tempDir(t), ["db1", "db2", "files1", "monitor1"]);
    const on = parseEnvironmentConfig("staging", { ...threeRoles("staging"), hostKeys });
    assert.ok(on.ok, on.ok ? "" : on.errors.join("\n"));
    assert.deepEqual(on.spec.sealing, { hostKeys, breakGlassKeys: [] });
    const off = parseEnvironmentConfig("staging", threeRoles("staging"));
    assert.ok(off.ok);
    assert.equal(off.spec.sealing, undefined);
});

test("every problem is listed at once, naming its key: missing, unknown, shared, malformed, SSH, private, post-quantum", (t) => {
    const dir = tempDir(t);
    const good = keys(dir, ["db1", "operator"]);
    execFileSync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", join(dir, "ssh_host_ed25519_key")]);
    const sshKey = readFileSync(join(dir, "ssh_host_ed25519_key.pub"), "utf8").trim();
    const privateKey = readFileSync(join(dir, "db1.key"), "utf8")
        .split("\n")
        .find((l) => l.startsWith("AGE-SECRET-KEY-1"))!;
    const result = parseEnvironmentConfig("staging", {
        ...threeRoles("staging"),
        hostKeys: {
            db1: good.db1,
            db2: good.db1, // the same key as db1
            files1: sshKey,
            monitor1: good.db1!.slice(0, -1) + (good.db1!.endsWith("q") ? "p" : "q"), // one character mistyped
            web9: privateKey,
        },
        breakGlassKeys: [good.operator, "age1pq1" + "q".repeat(100), good.db1],
    });
    assert.equal(result.ok, false);
    const errors = result.ok ? [] : result.errors;
    const expect = (pattern: RegExp) =>
        assert.ok(
            errors.some((e) => pattern.test(e)),
            `no error matching ${pattern}:\n${errors.join("\n")}`,
        );
    expect(/^backup-remotes:hostKeys\.files1: is an SSH public key; SSH recipients are not supported .*age-keygen -o/);
    expect(/^backup-remotes:hostKeys\.monitor1: is not a valid age public key: expected age1 followed by 58 lowercase characters/);
    expect(/^backup-remotes:hostKeys\.web9: is an age PRIVATE key: remove it from the config, treat it as leaked/);
    expect(/^backup-remotes:hostKeys\.web9: names no host of any credential \(hosts: db1, db2, files1, monitor1\)/);
    expect(/^backup-remotes:hostKeys\.db2: is the same key as host "db1": each host needs its own key/);
    expect(/^backup-remotes:breakGlassKeys\[1\]: is a post-quantum or tag age recipient, which the age 1\.1 of Debian 12 cannot open/);
    expect(/^backup-remotes:breakGlassKeys\[2\]: is host "db1"'s key: that host could open every other host's file/);
    assert.ok(
        errors.every((e) => !e.includes(privateKey)),
        "the private key is never echoed",
    );
});

test("a host of a credential without a key is named, with the credentials it receives", (t) => {
    const result = parseEnvironmentConfig("staging", { ...threeRoles("staging"), hostKeys: keys(tempDir(t), ["db1", "files1", "monitor1"]) });
    assert.deepEqual(result.ok ? [] : result.errors, [
        'backup-remotes:hostKeys.db2: is missing: host "db2" receives credentials (db-archive), and with hostKeys set every host ' +
            "needs its own key (`age-keygen -o /etc/backup-remotes/age.key` on the host prints it)",
    ]);
});

test("breakGlassKeys without hostKeys is refused: it would seal nothing", (t) => {
    const result = parseEnvironmentConfig("staging", { ...threeRoles("staging"), breakGlassKeys: [keys(tempDir(t), ["op"]).op] });
    assert.deepEqual(result.ok ? [] : result.errors, [
        "backup-remotes:breakGlassKeys: has no effect without hostKeys; set hostKeys to turn sealing on, or remove it",
    ]);
});
