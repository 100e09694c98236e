import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { progressReporter } from "../../cli/postdeploy/execute";

describe("progress", () => {
    const tty = () => {
        const out: string[] = [];
        return { isTTY: true, write: (s: string) => out.push(s), out };
    };

    it("on a terminal: sections done / total, on one line", () => {
        const t = tty();
        const p = progressReporter(false, t, {});
        assert.ok(p);
        p(1, 3);
        p(3, 3);
        assert.deepEqual(t.out, ["\rpost-deploy: 1/3 sections done", "\rpost-deploy: 3/3 sections done", "\n"]);
    });

    it("never with --json, in a pipe, or in CI", () => {
        assert.equal(progressReporter(true, tty(), {}), undefined);
        assert.equal(progressReporter(false, { isTTY: false, write: () => true }, {}), undefined);
        assert.equal(progressReporter(false, tty(), { CI: "true" }), undefined);
    });
});
