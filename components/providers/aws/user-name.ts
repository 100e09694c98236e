/**
 * IAM user names and paths, as the credential component gives them: the schema checks every identity's name
 * with these before anything is registered, without loading the Pulumi SDKs (credential.ts builds the user).
 */
import { quoted } from "../../config-fields";
import { identityName } from "../../naming";
import type { IdentityId } from "../profile";

/** Every backup user lives under this IAM path, one folder per environment. */
export const IAM_PATH_ROOT = "/backup/";

export function iamUserPath(environment: string): string {
    return `${IAM_PATH_ROOT}${environment}/`;
}

const IAM_USER_NAME_MAX = 64;
const IAM_USER_NAME_CHARACTERS = /^[\w+=,.@-]+$/;

/** Why an IAM user cannot carry this identity's name; undefined when it can. IAM user names allow 64 characters of [\w+=,.@-]. */
export function iamUserNameProblem(id: IdentityId): string | undefined {
    const name = identityName(id.environment, id.credential, id.host, id.generation);
    if (!IAM_USER_NAME_CHARACTERS.test(name)) {
        return (
            `IAM user name ${quoted(name)} has characters IAM refuses (user names are letters, digits and +=,.@_-); rename credential ` +
            `${quoted(id.credential)} or host ${quoted(id.host)}`
        );
    }
    if (name.length <= IAM_USER_NAME_MAX) return undefined;
    return (
        `IAM user name "${name}" is ${name.length} characters, longer than IAM's ${IAM_USER_NAME_MAX}; ` +
        `shorten credential "${id.credential}" or host "${id.host}"${id.generation > 1 ? ` (generation ${id.generation} adds "-g${id.generation}")` : ""}`
    );
}
