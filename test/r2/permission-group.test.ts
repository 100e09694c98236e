/** Picking the permission group out of the data source's answer, by exact name and bucket scope. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { defaultCallResults } from "../../cli/plan/mocks";
import { pickPermissionGroup, type PermissionGroupEntry } from "../../components/providers/r2/credential";
import { R2_ITEM_READ, R2_ITEM_WRITE } from "../../components/providers/r2/access";

const LISTED = defaultCallResults()["cloudflare:index/getAccountApiTokenPermissionGroupsList:getAccountApiTokenPermissionGroupsList"]!
    .results as PermissionGroupEntry[];

describe("permission group lookup", () => {
    it("picks the bucket-scoped Item groups, not the account-wide R2 groups listed beside them", () => {
        assert.equal(pickPermissionGroup(LISTED, R2_ITEM_WRITE), "2efd5506f9c8494dacb1fa10a3e7d5b6");
        assert.equal(pickPermissionGroup(LISTED, R2_ITEM_READ), "6a018a9f2fc74eb6b293b0c548f38b39");
    });

    it("fails naming the group and the permission the deploy token lacks when it is not listed", () => {
        assert.throws(
            () =>
                pickPermissionGroup(
                    LISTED.filter((g) => g.name !== R2_ITEM_READ),
                    R2_ITEM_READ,
                ),
            /permission group "Workers R2 Storage Bucket Item Read" with scope com\.cloudflare\.edge\.r2\.bucket: expected exactly one, found 0; the deploy token needs "Account API Tokens Write"/,
        );
    });

    it("refuses an ambiguous answer instead of guessing", () => {
        const twice = [...LISTED, { id: "ffffffffffffffffffffffffffffffff", name: R2_ITEM_WRITE, scopes: ["com.cloudflare.edge.r2.bucket"] }];
        assert.throws(
            () => pickPermissionGroup(twice, R2_ITEM_WRITE),
            /expected exactly one, found 2 \(2efd5506f9c8494dacb1fa10a3e7d5b6, ffffffffffffffffffffffffffffffff\)/,
        );
    });

    it("ignores a group of the same name under another scope", () => {
        const other = [{ id: "0000", name: R2_ITEM_READ, scopes: ["com.cloudflare.api.account"] }];
        assert.throws(() => pickPermissionGroup(other, R2_ITEM_READ), /found 0/);
    });
});
