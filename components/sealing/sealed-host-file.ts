/** One host's sealed rclone config as a resource: see provider.ts for why a resource. */
import * as pulumi from "@pulumi/pulumi";
import { sealingProvider } from "./provider";

/** The engine's type token: `pulumi-nodejs:dynamic/<module>:<type>`. */
export const SEALED_HOST_FILE_MODULE = "sealing";
export const SEALED_HOST_FILE_TYPE = `pulumi-nodejs:dynamic/${SEALED_HOST_FILE_MODULE}:SealedHostFile`;

export interface SealedHostFileArgs {
    readonly host: string;
    /** The host's file; made secret here whatever the caller passed. */
    readonly plaintext: pulumi.Input<string>;
    readonly recipients: readonly string[];
}

export class SealedHostFile extends pulumi.dynamic.Resource {
    /** ASCII-armored age file. */
    declare readonly ciphertext: pulumi.Output<string>;
    declare readonly digest: pulumi.Output<string>;

    constructor(name: string, args: SealedHostFileArgs, opts?: pulumi.CustomResourceOptions) {
        super(
            sealingProvider,
            name,
            {
                host: args.host,
                plaintext: pulumi.secret(args.plaintext),
                recipients: [...args.recipients],
                ciphertext: undefined,
                digest: undefined,
                digestKey: undefined,
            },
            { ...opts, additionalSecretOutputs: ["digestKey"] },
            SEALED_HOST_FILE_MODULE,
            "SealedHostFile",
        );
    }
}
