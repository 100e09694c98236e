/**
 * The permission-diff comment cannot be bent by the pull request whose output
 * it posts. The script of permissions-comment.yml runs here against a stand-in
 * for the GitHub REST API (no GitHub here): it writes only into the PR that
 * the API says is open with this run's head commit and repository, only into
 * the comment the workflow's own bot wrote, and only a bounded text. The
 * workflow runs the default branch's script and downloads the artifact
 * outside that checkout, so the artifact cannot replace the script.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, it } from "node:test";
import { loadWorkflows, ROOT, workflow } from "./load";

interface Comment {
    id: number;
    body: string;
    user: { login: string; type: string };
}
interface Pull {
    state: string;
    head: { sha: string; repo: { full_name: string } | null };
}
type Outcome = "created" | "updated" | "skipped" | "refused";
type Post = ((args: { github: unknown; context: unknown; core: unknown; dir: string }) => Promise<Outcome>) & { MARKER: string };

// The script github-script requires (CommonJS, the runner's Node).
const post = require(join(ROOT, ".github", "scripts", "permissions-comment.cjs")) as Post;

const REPO = { owner: "acme", repo: "backup-remotes" };
const SHA = "a".repeat(40);

/** What the API holds and what the script wrote. */
class FakeGitHub {
    readonly writes: { kind: "create" | "update"; target: number; body: string }[] = [];
    constructor(
        readonly pulls: Record<number, Pull>,
        readonly comments: Record<number, Comment[]>,
    ) {}
    readonly rest = {
        pulls: {
            get: async ({ pull_number }: { pull_number: number }) => {
                const pr = this.pulls[pull_number];
                if (!pr) throw Object.assign(new Error("Not Found"), { status: 404 });
                return { data: structuredClone(pr) };
            },
        },
        issues: {
            listComments: async ({ issue_number, per_page, page = 1 }: { issue_number: number; per_page: number; page?: number }) => ({
                data: (this.comments[issue_number] ?? []).slice((page - 1) * per_page, page * per_page),
            }),
            createComment: async ({ issue_number, body }: { issue_number: number; body: string }) => {
                this.writes.push({ kind: "create", target: issue_number, body });
            },
            updateComment: async ({ comment_id, body }: { comment_id: number; body: string }) => {
                this.writes.push({ kind: "update", target: comment_id, body });
            },
        },
    };
    /** Octokit's paginate: every page of a list method, concatenated. */
    async paginate(
        method: (p: { issue_number: number; per_page: number; page: number }) => Promise<{ data: Comment[] }>,
        params: { issue_number: number; per_page: number },
    ): Promise<Comment[]> {
        const all: Comment[] = [];
        for (let page = 1; ; page++) {
            const { data } = await method({ ...params, page });
            all.push(...data);
            if (data.length < params.per_page) return all;
        }
    }
}

function core() {
    const seen = { failed: [] as string[], notices: [] as string[] };
    return { seen, notice: (m: string) => seen.notices.push(m), setFailed: (m: string) => seen.failed.push(m) };
}

const run = (headRepo: string, sha = SHA) => ({
    repo: REPO,
    payload: { workflow_run: { event: "pull_request", head_sha: sha, head_repository: { full_name: headRepo } } },
});
const pull = (headRepo: string, sha = SHA, state = "open"): Pull => ({ state, head: { sha, repo: { full_name: headRepo } } });
const bot = (id: number, body: string, login = "github-actions[bot]"): Comment => ({ id, body, user: { login, type: "Bot" } });

describe("permissions comment script", () => {
    let dir = "";
    beforeEach(() => {
        dir = mkdtempSync(join(tmpdir(), "permissions-diff-"));
        writeFileSync(join(dir, "pr-number"), "7\n");
        writeFileSync(join(dir, "comment.md"), "## staging\nNo permission changes\n");
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    it("creates the comment on the PR whose open head is the run's commit and repository", async () => {
        const gh = new FakeGitHub({ 7: pull("acme/backup-remotes") }, {});
        assert.equal(await post({ github: gh, context: run("acme/backup-remotes"), core: core(), dir }), "created");
        assert.deepEqual(gh.writes, [{ kind: "create", target: 7, body: `${post.MARKER}\n## staging\nNo permission changes\n` }]);
    });

    it("updates only the marked comment of the workflow's bot login, past the first page", async () => {
        const others = Array.from({ length: 120 }, (_, i) => bot(i + 1, `${post.MARKER}\nforged`, i % 2 ? "evil-app[bot]" : "mallory"));
        const gh = new FakeGitHub({ 7: pull("acme/backup-remotes") }, { 7: [...others, bot(500, `${post.MARKER}\nold`)] });
        assert.equal(await post({ github: gh, context: run("acme/backup-remotes"), core: core(), dir }), "updated");
        assert.deepEqual(
            gh.writes.map((w) => [w.kind, w.target]),
            [["update", 500]],
        );

        const onlyForged = new FakeGitHub({ 7: pull("acme/backup-remotes") }, { 7: others });
        assert.equal(await post({ github: onlyForged, context: run("acme/backup-remotes"), core: core(), dir }), "created");
    });

    it("refuses a fork's artifact that names another repository's PR, and writes nothing", async () => {
        writeFileSync(join(dir, "pr-number"), "8\n");
        const gh = new FakeGitHub({ 7: pull("mallory/backup-remotes"), 8: pull("acme/backup-remotes") }, {});
        const c = core();
        assert.equal(await post({ github: gh, context: run("mallory/backup-remotes"), core: c, dir }), "refused");
        assert.deepEqual(gh.writes, []);
        assert.match(c.seen.failed.join(), /refused: the artifact names PR #8, whose head is in acme\/backup-remotes/);
    });

    it("skips a PR whose head is another commit (another PR of the same fork, or a newer push) or that is closed", async () => {
        const gh = new FakeGitHub({ 7: pull("mallory/backup-remotes", "b".repeat(40)) }, {});
        assert.equal(await post({ github: gh, context: run("mallory/backup-remotes"), core: core(), dir }), "skipped");
        const closed = new FakeGitHub({ 7: pull("acme/backup-remotes", SHA, "closed") }, {});
        assert.equal(await post({ github: closed, context: run("acme/backup-remotes"), core: core(), dir }), "skipped");
        assert.deepEqual([...gh.writes, ...closed.writes], []);
    });

    it("refuses a pr-number that is not a number, and a comment.md that is not a regular file", async () => {
        const gh = new FakeGitHub({ 7: pull("acme/backup-remotes") }, {});
        for (const bad of ["7; curl evil", "0", "-7", "1".repeat(40), ""]) {
            writeFileSync(join(dir, "pr-number"), bad);
            await assert.rejects(post({ github: gh, context: run("acme/backup-remotes"), core: core(), dir }), /pr-number is not a pull request number/);
        }
        writeFileSync(join(dir, "pr-number"), "7");
        rmSync(join(dir, "comment.md"));
        symlinkSync("/etc/hostname", join(dir, "comment.md"));
        await assert.rejects(post({ github: gh, context: run("acme/backup-remotes"), core: core(), dir }), /comment.md is not a regular file/);
        assert.deepEqual(gh.writes, []);
    });

    it("cuts a huge diff to a body GitHub accepts", async () => {
        writeFileSync(join(dir, "comment.md"), "é".repeat(100_000));
        const gh = new FakeGitHub({ 7: pull("acme/backup-remotes") }, {});
        assert.equal(await post({ github: gh, context: run("acme/backup-remotes"), core: core(), dir }), "created");
        const body = gh.writes[0]?.body ?? "";
        assert.ok(body.length <= 65536, `${body.length} characters`);
        assert.match(body, /cut at 60000 bytes/);
    });
});

describe("permissions-comment.yml", () => {
    const w = workflow(loadWorkflows(), "permissions-comment.yml");
    const steps = w.doc.jobs["comment"]?.steps ?? [];

    it("checks out the default branch (no ref, no repository), downloads outside the checkout, runs that script", () => {
        const checkout = steps.find((s) => s.uses?.startsWith("actions/checkout@"));
        const download = steps.find((s) => s.uses?.startsWith("actions/download-artifact@"));
        const script = steps.find((s) => s.uses?.startsWith("actions/github-script@"));
        assert.ok(checkout && download && script);
        assert.equal(checkout.with?.["ref"], undefined);
        assert.equal(checkout.with?.["repository"], undefined);
        assert.equal(checkout.with?.["sparse-checkout"], ".github/scripts");
        assert.equal(download.with?.["run-id"], "${{ github.event.workflow_run.id }}");
        assert.match(String(download.with?.["path"]), /^\$\{\{ runner\.temp \}\}\//);
        assert.equal(script.env?.["DIFF_DIR"], download.with?.["path"]);
        assert.match(String(script.with?.["script"]), /require\("\.\/\.github\/scripts\/permissions-comment\.cjs"\)/);
        assert.match(String(script.with?.["script"]), /dir: process\.env\.DIFF_DIR/);
    });
});
