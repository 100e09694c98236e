/**
 * B2 application key names, as the credential component gives them: the schema checks every identity's name
 * with these before anything is registered, without loading the Pulumi SDKs (credential.ts creates the key).
 */
import { quoted } from "../../config-fields";
import { identityName } from "../../naming";
import type { IdentityId } from "../profile";

const B2_KEY_NAME_MAX = 100;
const B2_KEY_NAME_CHARACTERS = /^[A-Za-z0-9-]+$/;

/** b2_create_key: key names are at most 100 letters, digits and '-'. Host names may contain dots, which key names may not. */
export function keyName(id: IdentityId): string {
    return identityName(id.environment, id.credential, id.host, id.generation).replace(/\./g, "-");
}

/** Why B2 would refuse the name of this identity's key, as the component sends it; undefined when it takes it. */
export function b2KeyNameProblem(id: IdentityId): string | undefined {
    const name = keyName(id);
    if (!B2_KEY_NAME_CHARACTERS.test(name)) {
        return (
            `B2 key name ${quoted(name)} has characters B2 refuses (key names are letters, digits and '-'); rename credential ` +
            `${quoted(id.credential)} or host ${quoted(id.host)}`
        );
    }
    if (name.length <= B2_KEY_NAME_MAX) return undefined;
    return (
        `B2 key name "${name}" is ${name.length} characters, longer than B2's ${B2_KEY_NAME_MAX}; ` +
        `shorten credential "${id.credential}" or host "${id.host}"`
    );
}
