/**
 * The release workflow publishes what it checked. Its scripts run here as the runner runs them (bash -eo
 * pipefail) in a scratch checkout: the tag must be package.json's version with a CHANGELOG.md section, the
 * bundle's --version must name the tag's commit, SHA256SUMS is the bundle's digest and a changed file fails
 * its check. The wiring: a `v*` tag runs it, the gate comes before any install, the attestation is of the
 * bundle, and the release holds the bundle and SHA256SUMS, after the attestation, from the build's artifact.
 */
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { appendFileSync, copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { loadWorkflows, ROOT, usesAction, workflow, type Step } from "./load";

const release = workflow(loadWorkflows(), "release.yml");
const jobs = release.doc.jobs;
const version = (JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string }).version;

function step(jobId: string, find: (s: Step) => boolean): Step {
    const s = jobs[jobId]?.steps?.find(find);
    assert.ok(s, `release.yml job ${jobId}: no such step`);
    return s;
}

const runs = (text: string) => (s: Step) => s.run?.includes(text) === true;
const gate = step("build", runs("scripts/release-notes.mjs"));
const versionCheck = step("build", runs("dist/pull-config.cjs --version"));
const checksums = step("build", runs("sha256sum pull-config.cjs > SHA256SUMS"));
const publishCheck = step("publish", runs("sha256sum --check"));
const ghRelease = step("publish", runs("gh release create"));

/** Run a step's script as the runner does, in `dir` (its working-directory under the checkout `dir`). */
function runStep(s: Step, dir: string, env: Record<string, string> = {}): { status: number | null; stdout: string; stderr: string } {
    const cwd = s["working-directory"] === undefined ? dir : join(dir, String(s["working-directory"]));
    const r = spawnSync("bash", ["--noprofile", "--norc", "-eo", "pipefail", "-c", s.run ?? ""], {
        cwd,
        env: { PATH: process.env.PATH ?? "", ...env },
        encoding: "utf8",
    });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("release.yml", () => {
    let dir = "";
    before(() => {
        dir = mkdtempSync(join(tmpdir(), "release-"));
        mkdirSync(join(dir, "scripts"));
        for (const f of ["package.json", "CHANGELOG.md", join("scripts", "release-notes.mjs")]) copyFileSync(join(ROOT, f), join(dir, f));
    });
    after(() => rmSync(dir, { recursive: true, force: true }));

    it("runs on a pushed v* tag; the tag is checked before anything is installed or built", () => {
        assert.deepEqual(release.doc.on, { push: { tags: ["v*"] } });
        assert.equal(gate.env?.["TAG"], "${{ github.ref_name }}");
        const steps = jobs["build"]?.steps ?? [];
        assert.ok(steps.indexOf(gate) < steps.findIndex(runs("npm ci")), "the tag gate runs before npm ci");
    });

    it("the tag must be v + package.json's version, with a CHANGELOG.md section: its text is the notes", () => {
        const ok = runStep(gate, dir, { TAG: `v${version}` });
        assert.equal(ok.status, 0, ok.stderr);
        const notes = readFileSync(join(dir, "dist", "release-notes.md"), "utf8");
        assert.ok(notes.trim() !== "" && readFileSync(join(ROOT, "CHANGELOG.md"), "utf8").includes(notes.trim()));
        assert.doesNotMatch(notes, /^## /m);

        const wrong = runStep(gate, dir, { TAG: "v99.0.0" });
        assert.notEqual(wrong.status, 0);
        assert.match(wrong.stderr, new RegExp(`the tag "v99\\.0\\.0" is not package\\.json's version: expected v${version.replaceAll(".", "\\.")}`));

        const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as Record<string, unknown>;
        writeFileSync(join(dir, "package.json"), JSON.stringify({ ...pkg, version: "99.0.0" }));
        try {
            const missing = runStep(gate, dir, { TAG: "v99.0.0" });
            assert.notEqual(missing.status, 0);
            assert.match(missing.stderr, /CHANGELOG\.md has no "## 99\.0\.0" section/);
            writeFileSync(join(dir, "CHANGELOG.md"), `# Changelog\n\n## Unreleased\n\n## 99.0.0\n\n## ${version}\n\nolder\n`);
            assert.match(runStep(gate, dir, { TAG: "v99.0.0" }).stderr, /"## 99\.0\.0" section is empty/);
        } finally {
            copyFileSync(join(ROOT, "package.json"), join(dir, "package.json"));
            copyFileSync(join(ROOT, "CHANGELOG.md"), join(dir, "CHANGELOG.md"));
        }
    });

    it("the bundle's --version must name the tag's commit; its checksum is SHA256SUMS; a changed file fails the check", () => {
        const sha = "0123456789abcdef0123456789abcdef01234567";
        assert.equal(runStep(gate, dir, { TAG: `v${version}` }).status, 0);
        execFileSync(process.execPath, [join(ROOT, "scripts", "build-pull-config.mjs"), join(dir, "dist", "pull-config.cjs")], {
            cwd: ROOT,
            env: { ...process.env, BACKUP_REMOTES_COMMIT: sha },
        });
        assert.equal(runStep(versionCheck, dir, { GITHUB_SHA: sha }).status, 0);
        const other = runStep(versionCheck, dir, { GITHUB_SHA: "f".repeat(40) });
        assert.notEqual(other.status, 0);
        assert.match(other.stdout, /^::error::pull-config --version says "backup-remotes pull-config .* \(commit 0123456789abcdef/);

        assert.equal(runStep(checksums, dir).status, 0);
        const digest = createHash("sha256")
            .update(readFileSync(join(dir, "dist", "pull-config.cjs")))
            .digest("hex");
        assert.equal(readFileSync(join(dir, "dist", "SHA256SUMS"), "utf8"), `${digest}  pull-config.cjs\n`);
        assert.deepEqual(readdirSync(join(dir, "dist")).sort(), ["SHA256SUMS", "pull-config.cjs", "release-notes.md"]);
        assert.equal(runStep(publishCheck, dir).status, 0);
        appendFileSync(join(dir, "dist", "pull-config.cjs"), "\n");
        assert.notEqual(runStep(publishCheck, dir).status, 0);
    });

    it("attests the bundle and publishes the bundle and SHA256SUMS with the notes, from the build's artifact, after the attestation", () => {
        const upload = step("build", (s) => usesAction(s, "actions/upload-artifact"));
        assert.equal(upload.with?.["path"], "dist/");
        for (const jobId of ["attest", "publish"]) {
            const download = step(jobId, (s) => usesAction(s, "actions/download-artifact"));
            assert.deepEqual({ name: download.with?.["name"], path: download.with?.["path"] }, { name: upload.with?.["name"], path: "dist" });
            assert.equal(step(jobId, runs("sha256sum --check")).run, publishCheck.run);
        }
        assert.equal(step("attest", (s) => usesAction(s, "actions/attest")).with?.["subject-path"], "dist/pull-config.cjs");
        assert.equal(ghRelease["working-directory"], "dist");
        assert.equal(
            ghRelease.run?.trim(),
            'gh release create "$TAG" pull-config.cjs SHA256SUMS --verify-tag --title "backup-remotes $TAG" --notes-file release-notes.md',
        );
        assert.equal(ghRelease.env?.["TAG"], "${{ github.ref_name }}");
        assert.deepEqual(jobs["attest"]?.needs, "build");
        assert.deepEqual(jobs["publish"]?.needs, ["build", "attest"]);
        assert.match(jobs["publish"]?.if ?? "", /needs\.attest\.result == 'success' \|\| needs\.attest\.result == 'skipped'/);
    });
});
