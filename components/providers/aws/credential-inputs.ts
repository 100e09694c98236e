/**
 * How each input of the AWS credential resources changes what a key may do,
 * and which the provider cannot update in place (ForceNew in the Terraform
 * AWS provider behind @pulumi/aws): an access key is replaced when its `user`
 * (or `pgpKey`) changes; an inline policy when its `name` or `user` changes,
 * which replaces no key; an IAM user is renamed, moved and retagged in place.
 * The users' permissions boundary (one managed policy per environment) is
 * here too: widening it is an escalation of every user it caps.
 */
import type { CompareInput, CredentialInputTable, InputChange } from "../credential-inputs";
import { anyChangeEscalates, change, jsonText, labels, neutral } from "../input-comparers";
import { policyDocumentChanges } from "./policy-changes";
import { AWS_TYPES } from "./resources";

/** `Active` keys sign requests, `Inactive` ones do not; absent is Active. */
const keyStatus: CompareInput = (b, a, path): InputChange[] => {
    const active = (v: unknown) => v === undefined || v === "Active";
    const known = (v: unknown) => active(v) || v === "Inactive";
    const text = `\`${path}\` ${String(b ?? "Active")} → ${String(a ?? "Active")}`;
    if (!known(a) || !known(b)) return [change("actions", "escalation", `${text}: not a status IAM knows; judge it by hand`)];
    if (active(a) && !active(b)) return [change("actions", "escalation", `${text}: the key works again`)];
    if (!active(a) && active(b)) return [change("actions", "reduction", `${text}: the key stops working`)];
    return [change("actions", "neutral", `${text}: the same`)];
};

/** A permissions boundary caps what the user's policies allow: removing or changing it can only be judged against both documents. */
const boundary: CompareInput = (b, a, path) =>
    a === undefined
        ? [change("actions", "escalation", `\`${path}\` ${String(b)} removed: the user's policies are no longer capped`)]
        : b === undefined
          ? [change("actions", "reduction", `\`${path}\` ${String(a)} added`)]
          : anyChangeEscalates("actions", "another boundary may allow more")(b, a, path);

export const AWS_CREDENTIAL_INPUTS: CredentialInputTable = {
    [AWS_TYPES.user]: {
        label: "IAM user",
        holdsKey: false,
        rules: [
            // Renamed in place; the access key follows through its `user` input (replaced there).
            { inputs: ["name"], compare: neutral(), replaces: false },
            { inputs: ["path"], compare: neutral(), replaces: false },
            { inputs: ["tags"], compare: labels(), replaces: false },
            { inputs: ["permissionsBoundary"], compare: boundary, replaces: false },
            { inputs: ["forceDestroy"], compare: neutral(), replaces: false },
        ],
    },
    [AWS_TYPES.userPolicy]: {
        label: "inline policy",
        holdsKey: false,
        rules: [
            { inputs: ["policy"], compare: jsonText(policyDocumentChanges), replaces: false },
            { inputs: ["name", "namePrefix"], compare: neutral(), replaces: true },
            { inputs: ["user"], compare: neutral(), replaces: true },
        ],
    },
    [AWS_TYPES.userPolicyAttachment]: {
        label: "managed policy attachment",
        holdsKey: false,
        rules: [
            { inputs: ["policyArn"], compare: anyChangeEscalates("actions", "another managed policy, whose document the plan does not show"), replaces: true },
            { inputs: ["user"], compare: neutral(), replaces: true },
        ],
    },
    // The environment's permissions boundary (boundary.ts): what every user's policies can at most allow. Its document is
    // compared as an inline policy is, so a boundary widened (another bucket, another action) is an escalation.
    // name, path and description are ForceNew (internal/service/iam/policy.go): a new policy, which the users then name.
    [AWS_TYPES.policy]: {
        label: "permissions boundary",
        holdsKey: false,
        rules: [
            { inputs: ["policy"], compare: jsonText(policyDocumentChanges), replaces: false },
            {
                inputs: ["name", "namePrefix"],
                compare: anyChangeEscalates("actions", "another policy, which the users' permissionsBoundary must name"),
                replaces: true,
            },
            { inputs: ["path"], compare: anyChangeEscalates("actions", "another policy, which the users' permissionsBoundary must name"), replaces: true },
            { inputs: ["description"], compare: neutral(), replaces: true },
            { inputs: ["tags"], compare: labels(), replaces: false },
        ],
    },
    [AWS_TYPES.accessKey]: {
        label: "access key",
        holdsKey: true,
        rules: [
            { inputs: ["user"], compare: neutral(), replaces: true },
            { inputs: ["pgpKey"], compare: neutral(), replaces: true },
            { inputs: ["status"], compare: keyStatus, replaces: false },
        ],
    },
};
