/** How wide the plan's text is: COLUMNS when set, the terminal's width on a terminal, 100 otherwise; 60 to 100. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { outputWidth } from "../../cli/plan/text-width";

const pipe = {};
const terminal = (columns: number) => ({ isTTY: true, columns });

describe("the plan's text width", () => {
    it("is 100 when stdout is a pipe or a file and COLUMNS is unset (CI, `> plan.txt`, `| less`)", () => {
        assert.deepEqual(outputWidth({}, pipe), { width: 100 });
        assert.deepEqual(outputWidth({ COLUMNS: "" }, pipe), { width: 100 });
    });

    it("follows a terminal narrower than 100, and stays at 100 on a wider one", () => {
        assert.deepEqual(outputWidth({}, terminal(72)), { width: 72 });
        assert.deepEqual(outputWidth({}, terminal(220)), { width: 100 });
    });

    it("takes COLUMNS when it is set, over the terminal's width, also when piped", () => {
        assert.deepEqual(outputWidth({ COLUMNS: "80" }, pipe), { width: 80 });
        assert.deepEqual(outputWidth({ COLUMNS: "64" }, terminal(120)), { width: 64 });
        assert.deepEqual(outputWidth({ COLUMNS: " 90 " }, pipe), { width: 90 });
    });

    it("keeps between 60 and 100 columns whatever COLUMNS or the terminal says", () => {
        assert.deepEqual(outputWidth({ COLUMNS: "20" }, pipe), { width: 60 });
        assert.deepEqual(outputWidth({ COLUMNS: "500" }, pipe), { width: 100 });
        assert.deepEqual(outputWidth({}, terminal(40)), { width: 60 });
    });

    it("ignores a COLUMNS that is not a width, saying so and what it uses instead", () => {
        for (const columns of ["wide", "-80", "0", "80px", "8.5"]) {
            const w = outputWidth({ COLUMNS: columns }, terminal(70));
            assert.equal(w.width, 70, columns);
            assert.equal(w.warning, `COLUMNS=${JSON.stringify(columns)} is not a width (a whole number of columns, e.g. 80): using 70`);
        }
    });
});
