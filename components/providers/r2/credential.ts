/**
 * One R2 credential for one host: an account-owned API token scoped to its one
 * bucket with the permission group of its role, and the S3 credentials derived
 * from it. One token per host, so a single host can be revoked alone.
 *
 * AccountToken (not ApiToken): account-owned tokens belong to the account and
 * keep working when the deploying user leaves it; user tokens "become inactive
 * if your user is removed from the account" (developers.cloudflare.com/r2/api/tokens/).
 */
import * as cloudflare from "@pulumi/cloudflare";
import * as pulumi from "@pulumi/pulumi";
import { identityName } from "../../naming";
import { roleRcloneFlags } from "../../rclone/role-options";
import { componentType, type CredentialArgs, type IssuedCredential, type SectionOptions } from "../profile";
import { ACCOUNT_TOKENS_WRITE, R2_BUCKET_SCOPE, r2PermissionGroup, r2TokenResources, type R2PermissionGroupName } from "./access";
import { r2TokenAddresses } from "./addresses";
import { r2SectionOptions } from "./rclone";
import { R2, type R2RemoteConfig } from "./schema";
import { r2SecretAccessKey } from "./secret";

export interface R2CredentialArgs extends CredentialArgs {
    readonly remote: R2RemoteConfig;
}

export interface PermissionGroupEntry {
    readonly id: string;
    readonly name: string;
    readonly scopes: readonly string[];
}

/**
 * The ID of the bucket-scoped group called `name`. Matched exactly here: the
 * data source's `name` filter wants a URL-encoded value, so the lookup filters
 * by scope (no characters to encode) and picks the name from the answer.
 */
export function pickPermissionGroup(groups: readonly PermissionGroupEntry[], name: R2PermissionGroupName): string {
    const matches = groups.filter((g) => g.name === name && g.scopes.includes(R2_BUCKET_SCOPE));
    const ids = [...new Set(matches.map((g) => g.id))];
    if (ids.length !== 1) {
        throw new Error(
            `Cloudflare permission group "${name}" with scope ${R2_BUCKET_SCOPE}: expected exactly one, ` +
                `found ${ids.length}${ids.length ? ` (${ids.join(", ")})` : ""}; the deploy token needs "${ACCOUNT_TOKENS_WRITE}" ` +
                "(`npm run deployer-policy -- --stack <stack>` prints what it needs)",
        );
    }
    return ids[0]!;
}

/** The token's address condition: the host's ranges, else the remote's allowedIps (addresses.ts); none without either. */
function conditionFor(addresses: readonly string[] | undefined): cloudflare.types.input.AccountTokenCondition | undefined {
    return addresses ? { requestIp: { ins: [...addresses] } } : undefined;
}

export class R2BackupCredential extends pulumi.ComponentResource implements IssuedCredential {
    readonly sectionOptions: SectionOptions;
    readonly rcloneFlags: readonly string[];
    readonly accessKeyId: pulumi.Output<string>;
    /** Secret from birth: derived inside an apply on the secret token value. */
    readonly secretAccessKey: pulumi.Output<string>;

    constructor(name: string, args: R2CredentialArgs, opts?: pulumi.ComponentResourceOptions) {
        super(componentType(R2, "Credential"), name, {}, opts);
        const { remote } = args;
        const groupName = r2PermissionGroup(args.role);
        const groups = cloudflare.getAccountApiTokenPermissionGroupsListOutput({ accountId: remote.accountId, scope: R2_BUCKET_SCOPE }, { parent: this });
        const groupId = groups.results.apply((results) => pickPermissionGroup(results, groupName));

        const token = new cloudflare.AccountToken(
            name,
            {
                accountId: remote.accountId,
                name: identityName(args.environment, args.credential, args.host, args.generation),
                policies: [
                    {
                        effect: "allow",
                        permissionGroups: [{ id: groupId }],
                        resources: r2TokenResources(remote.accountId, remote.jurisdiction, remote.bucket),
                    },
                ],
                // From the generation's issue date when it expires by rotation, else the remote's fixed date, if any.
                expiresOn: args.expiry?.expiresOn ?? remote.tokens.expiresOn,
                condition: conditionFor(r2TokenAddresses(remote, args.addresses)),
            },
            { parent: this },
        ); // the SDK marks `value` as an additional secret output itself

        this.accessKeyId = token.id;
        this.secretAccessKey = r2SecretAccessKey(token.value);
        this.sectionOptions = r2SectionOptions(args.role, remote, this.accessKeyId, this.secretAccessKey);
        this.rcloneFlags = roleRcloneFlags(args.role);
        this.registerOutputs({ tokenId: token.id, permissionGroup: groupName });
    }
}
