/**
 * Refuse to deploy with the B2 account's master application key. Its key ID
 * is the account ID (12 hex characters); restricted keys have longer IDs.
 * The master key has every capability on every bucket and cannot be scoped,
 * expired or revoked without replacing it everywhere it is used.
 */
import { deployerPolicyCommand } from "../deployer";
import type { DeployerContext } from "../profile";
import { UserError } from "../../user-error";
import { b2DeployerHint } from "./deployer";
import type { B2RemoteConfig } from "./schema";

export const B2_MASTER_KEY_ID_PATTERN = /^[0-9a-f]{12}$/i;

/** `hint` says which key to create instead (from the stack's needs, when known). */
export function assertNotB2MasterKeyId(
    keyId: string | undefined,
    source: string,
    hint = `Create a dedicated deploy key with the capabilities \`${deployerPolicyCommand("<stack>")}\` prints.`,
): void {
    if (keyId !== undefined && B2_MASTER_KEY_ID_PATTERN.test(keyId.trim())) {
        throw new UserError(
            `refusing to deploy with the B2 account's master application key (${source} is the 12-character account ID): ` +
                `the master key can do anything to every bucket and cannot be restricted. ${hint}`,
        );
    }
}

/** The key ID the B2 provider will use: stack config first, then the provider's environment variable. */
export function assertB2DeployerIsNotMasterKey(ctx: DeployerContext<B2RemoteConfig>): void {
    const hint = b2DeployerHint(ctx.deployment);
    const configured = ctx.config["b2:applicationKeyId"];
    if (configured !== undefined) {
        assertNotB2MasterKeyId(configured, "b2:applicationKeyId", hint);
        return;
    }
    assertNotB2MasterKeyId(ctx.env.B2_APPLICATION_KEY_ID, "B2_APPLICATION_KEY_ID", hint);
}
