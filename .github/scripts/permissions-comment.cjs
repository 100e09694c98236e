// @ts-check
/**
 * Posts the permission diff that the "pull request" workflow uploaded as the
 * PR's comment. Run by permissions-comment.yml through actions/github-script,
 * in the base repository's context with a token that may write PR comments.
 *
 * Everything in the artifact comes from the pull request's own code, forks
 * included: it is data, never instructions. The PR number it names is believed
 * only when the API says that PR is open and its head is exactly the commit and
 * the repository of the run that uploaded the artifact (otherwise a fork's run
 * could write into another PR's comment). The text is size-limited and posted
 * as a comment body, nothing else. The comment updated in place is the one the
 * workflow's own token wrote (login github-actions[bot]) that starts with the
 * marker, never another bot's or a person's.
 */
const fs = require("node:fs");
const path = require("node:path");

const MARKER = "<!-- backup-remotes:permissions-diff -->";
const BOT_LOGIN = "github-actions[bot]";
/** GitHub refuses comment bodies over 65536 characters; this leaves room for the marker and the note. */
const MAX_DIFF_BYTES = 60000;
const MAX_NUMBER_BYTES = 32;

/**
 * @typedef {{ owner: string, repo: string }} Repo
 * @typedef {{ id: number, body?: string | null, user?: { login: string } | null }} IssueComment
 * @typedef {{ state: string, head: { sha: string, repo: { full_name: string } | null } }} PullRequest
 * @typedef {object} GitHub the subset of github-script's Octokit client used here
 * @property {{
 *   pulls: { get(params: Repo & { pull_number: number }): Promise<{ data: PullRequest }> },
 *   issues: {
 *     listComments(params: Repo & { issue_number: number, per_page: number }): Promise<{ data: IssueComment[] }>,
 *     createComment(params: Repo & { issue_number: number, body: string }): Promise<unknown>,
 *     updateComment(params: Repo & { comment_id: number, body: string }): Promise<unknown>,
 *   },
 * }} rest
 * @property {(method: GitHub["rest"]["issues"]["listComments"], params: Repo & { issue_number: number, per_page: number }) => Promise<IssueComment[]>} paginate
 * @typedef {{ event?: string, head_sha?: string, head_repository?: { full_name?: string } | null }} WorkflowRun
 * @typedef {{ repo: Repo, payload: { workflow_run?: WorkflowRun } }} Context
 * @typedef {{ notice(message: string): void, setFailed(message: string): void }} Core
 * @typedef {"created" | "updated" | "skipped" | "refused"} Outcome
 */

/**
 * At most `max` bytes of a regular file of the artifact, and whether there was more.
 * @param {string} file
 * @param {number} max
 * @returns {{ text: string, truncated: boolean }}
 */
function readBounded(file, max) {
    const info = fs.lstatSync(file);
    if (!info.isFile()) throw new Error(`artifact ${path.basename(file)} is not a regular file`);
    const buf = Buffer.alloc(Math.min(info.size, max));
    const fd = fs.openSync(file, "r");
    try {
        fs.readSync(fd, buf, 0, buf.length, 0);
    } finally {
        fs.closeSync(fd);
    }
    // A multi-byte character cut at the limit decodes as U+FFFD: harmless in a comment.
    return { text: buf.toString("utf8"), truncated: info.size > max };
}

/**
 * @param {string} dir
 * @returns {number}
 */
function readPrNumber(dir) {
    const { text, truncated } = readBounded(path.join(dir, "pr-number"), MAX_NUMBER_BYTES);
    if (truncated || !/^[1-9][0-9]{0,9}\s*$/.test(text)) throw new Error("artifact pr-number is not a pull request number");
    return Number(text.trim());
}

/**
 * @param {string} dir
 * @returns {string}
 */
function commentBody(dir) {
    const { text, truncated } = readBounded(path.join(dir, "comment.md"), MAX_DIFF_BYTES);
    const note = truncated ? "\n\n…(cut at 60000 bytes: the whole diff is in the run's step summary and its permissions-diff artifact)" : "";
    return `${MARKER}\n${text}${note}`;
}

/**
 * @param {{ github: GitHub, context: Context, core: Core, dir: string }} args
 * @returns {Promise<Outcome>}
 */
module.exports = async function postPermissionsComment({ github, context, core, dir }) {
    const run = context.payload.workflow_run;
    const headSha = run?.head_sha;
    const headRepo = run?.head_repository?.full_name;
    if (run?.event !== "pull_request" || typeof headSha !== "string" || typeof headRepo !== "string") {
        throw new Error("expected the workflow_run event of a pull_request run (head_sha and head_repository)");
    }
    const number = readPrNumber(dir);
    const { owner, repo } = context.repo;
    const { data: pr } = await github.rest.pulls.get({ owner, repo, pull_number: number });

    const prHeadRepo = pr.head.repo?.full_name ?? "(deleted)";
    if (prHeadRepo.toLowerCase() !== headRepo.toLowerCase()) {
        core.setFailed(
            `refused: the artifact names PR #${number}, whose head is in ${prHeadRepo}, ` +
                `but the run that uploaded it ran ${headRepo}'s code; no comment written`,
        );
        return "refused";
    }
    if (pr.state !== "open") {
        core.notice(`PR #${number} is ${pr.state}: no comment written`);
        return "skipped";
    }
    if (pr.head.sha !== headSha) {
        core.notice(`PR #${number} is at ${pr.head.sha}, this run was for ${headSha}: ` + "no comment written (the run for its head writes it)");
        return "skipped";
    }

    const body = commentBody(dir);
    const comments = await github.paginate(github.rest.issues.listComments, { owner, repo, issue_number: number, per_page: 100 });
    const previous = comments.find((c) => c.user?.login === BOT_LOGIN && typeof c.body === "string" && c.body.startsWith(MARKER));
    if (previous) {
        await github.rest.issues.updateComment({ owner, repo, comment_id: previous.id, body });
        return "updated";
    }
    await github.rest.issues.createComment({ owner, repo, issue_number: number, body });
    return "created";
};

module.exports.MARKER = MARKER;
module.exports.BOT_LOGIN = BOT_LOGIN;
module.exports.MAX_DIFF_BYTES = MAX_DIFF_BYTES;
