import { strict as assert } from "node:assert";
import { chmodSync, existsSync, mkdirSync, readdirSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { CliError } from "../../cli/shared/cli-error";
import { inspectTarget, writeAtomically } from "../../cli/shared/atomic-write";
import { mode, read, tempDir } from "./helpers";

for (const umask of [0o000, 0o277]) {
    test(`a new file and its temp file are 0600 from creation under umask ${umask.toString(8).padStart(3, "0")}`, async (t) => {
        const dir = tempDir(t);
        const path = join(dir, "sub", "rclone.conf");
        const previous = process.umask(umask);
        t.after(() => process.umask(previous));
        let tempMode: number | undefined;
        await writeAtomically(await inspectTarget(path), "[a]\ntype = local\n", `${path}.bak`, {
            beforeCommit: (temp) => {
                tempMode = statSync(temp).mode & 0o777;
            },
        });
        process.umask(previous);
        assert.equal(tempMode, 0o600);
        assert.equal(mode(path), 0o600);
        assert.equal(statSync(join(dir, "sub")).mode & 0o777, 0o700, "a created directory is private");
        assert.equal(existsSync(`${path}.bak`), false, "no backup when there was no previous file");
    });
}

test("the previous file is kept as a 0600 backup", async (t) => {
    const path = join(tempDir(t), "rclone.conf");
    writeFileSync(path, "[old]\ntype = local\n", { mode: 0o644 });
    await writeAtomically(await inspectTarget(path), "[new]\ntype = local\n", `${path}.bak`);
    assert.equal(read(path), "[new]\ntype = local\n");
    assert.equal(read(`${path}.bak`), "[old]\ntype = local\n");
    assert.equal(mode(`${path}.bak`), 0o600);
    assert.equal(mode(path), 0o600);
});

test("a failure before the rename leaves the old file in place and no temp file behind", async (t) => {
    const dir = tempDir(t);
    const path = join(dir, "rclone.conf");
    writeFileSync(path, "[old]\ntype = local\n", { mode: 0o600 });
    await assert.rejects(
        writeAtomically(await inspectTarget(path), "[new]\ntype = local\n", `${path}.bak`, {
            beforeCommit: () => {
                throw new Error("disk full");
            },
        }),
        /disk full/,
    );
    assert.equal(read(path), "[old]\ntype = local\n");
    assert.deepEqual(
        readdirSync(dir).filter((f) => f.endsWith(".tmp")),
        [],
    );
});

test("refuses to write through a symlink, naming it; the link's target is untouched", async (t) => {
    const dir = tempDir(t);
    writeFileSync(join(dir, "real.conf"), "[a]\ntype = local\n", { mode: 0o600 });
    symlinkSync(join(dir, "real.conf"), join(dir, "rclone.conf"));
    await assert.rejects(
        inspectTarget(join(dir, "rclone.conf")),
        (err: unknown) => err instanceof CliError && err.message.includes(`symlink ${join(dir, "rclone.conf")}`) && err.message.includes("--out"),
    );
    assert.equal(read(join(dir, "real.conf")), "[a]\ntype = local\n");
});

test("refuses a world-writable directory (sticky or not), naming it and what to do", async (t) => {
    const dir = join(tempDir(t), "shared");
    mkdirSync(dir);
    chmodSync(dir, 0o1777);
    await assert.rejects(
        inspectTarget(join(dir, "rclone.conf")),
        (err: unknown) => err instanceof CliError && err.message.includes(`into ${dir}`) && err.message.includes("world-writable"),
    );
    assert.deepEqual(readdirSync(dir), []);
});

test("refuses a path that is not a regular file", async (t) => {
    const dir = tempDir(t);
    mkdirSync(join(dir, "rclone.conf"));
    await assert.rejects(inspectTarget(join(dir, "rclone.conf")), /is not a regular file/);
});

test("a file changed by someone else after it was read is not overwritten", async (t) => {
    const path = join(tempDir(t), "rclone.conf");
    writeFileSync(path, "[a]\ntype = local\n", { mode: 0o600 });
    const target = await inspectTarget(path);
    writeFileSync(path, "[a]\ntype = local\n[b]\ntype = local\n");
    await assert.rejects(writeAtomically(target, "[new]\ntype = local\n", `${path}.bak`), /changed while pull-config was running/);
    assert.equal(read(path), "[a]\ntype = local\n[b]\ntype = local\n");
});
