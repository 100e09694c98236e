/**
 * Nothing outside a provider's profile switches on a provider's name: no
 * `provider === "aws"`, no `case "r2"`, no table keyed by the names. A
 * fourth provider is one folder and one registry line.
 */
import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, it } from "node:test";

const ROOT = join(__dirname, "..", "..");

function files(dir: string): string[] {
    return readdirSync(dir)
        .flatMap((f) => (statSync(join(dir, f)).isDirectory() ? files(join(dir, f)) : [join(dir, f)]))
        .filter((f) => f.endsWith(".ts"));
}

const SWITCH = /(provider|\.provider|\.name)\s*[!=]==?\s*"(aws|b2|r2)"|case "(aws|b2|r2)"|\b(aws|b2|r2)\s*:\s*\{[^}]*\b(api|calls|grants|versioning)\b/;

describe("provider-name switches", () => {
    it("none in components/ outside components/providers/<name>/, nor in cli/ or policies/", () => {
        const scanned = [...files(join(ROOT, "components")), ...files(join(ROOT, "cli")), ...files(join(ROOT, "policies"))].filter(
            (f) => !/components\/providers\/(aws|b2|r2)\//.test(f),
        );
        const hits = scanned.filter((f) => SWITCH.test(readFileSync(f, "utf8"))).map((f) => relative(ROOT, f));
        assert.deepEqual(hits, []);
    });

    it("the pattern finds a switch when there is one", () => {
        assert.match('if (remote.provider === "aws") {', SWITCH);
        assert.match('    case "r2":', SWITCH);
    });
});
