/**
 * A ProbeApi for one identity (a section or the admin), chosen by the kind of
 * API its provider's probes use (provider-probes.ts), with keys taken from its
 * rclone section whatever the rclone backend type.
 */
import type { ProviderName } from "../../../components/outputs";
import { probeFacts, sectionKeys, type ProbeApiKind } from "../provider-probes";
import { B2ProbeApi } from "./b2";
import type * as S3 from "./s3";
import type { ApiContext, ProbeApi } from "./types";

export interface ProbeApiContext extends ApiContext {
    /** Test stand-ins for B2's native API only. */
    readonly b2AuthorizeUrl?: string;
}

type Options = Readonly<Record<string, string>>;

const IMPLEMENTATIONS: Readonly<Record<ProbeApiKind, (options: Options, ctx: ProbeApiContext) => ProbeApi>> = {
    s3: (options, ctx) => {
        const { id, secret } = sectionKeys(options);
        // rclone's env_auth = true with no keys: the environment's credentials (e.g. a CI job's deploy role), as rclone does
        // (aws-lite's credential chain: s3-wire.ts).
        const envAuth = options.env_auth === "true" && !id;
        const keys = { accessKeyId: id, secretAccessKey: secret, ...(options.session_token ? { sessionToken: options.session_token } : {}) };
        // The S3 client (aws-lite, a few ms to load) only when a probe needs it, not for --help or a run without S3 probes.
        const { S3ProbeApi } = require("./s3") as typeof S3;
        return new S3ProbeApi({ ...(envAuth ? {} : { keys }), endpoint: options.endpoint ?? "", region: options.region ?? "" }, ctx);
    },
    "b2-native": (options, ctx) => {
        const { id, secret } = sectionKeys(options);
        return new B2ProbeApi({ keyId: id, key: secret, ...(ctx.b2AuthorizeUrl ? { authorizeUrl: ctx.b2AuthorizeUrl } : {}) }, ctx);
    },
};

export function probeApiFor(provider: ProviderName, options: Options, ctx: ProbeApiContext): ProbeApi {
    return IMPLEMENTATIONS[probeFacts(provider).api](options, ctx);
}

/**
 * Loads the APIs the probes of these providers will use, now. The run calls it while rclone rcd starts on the
 * other core (the main thread only waits then), so loading the S3 client (aws-lite: a few ms; the AWS SDK it
 * replaced took ~0.1 s) does not add to the run's wall time; a run without S3 probes loads nothing.
 */
export function preloadProbeApis(providers: Iterable<ProviderName>): void {
    for (const provider of new Set(providers)) {
        let api: ProbeApiKind;
        try {
            api = probeFacts(provider).api;
        } catch {
            continue; // an unknown provider is the checks' to report, with the section it belongs to
        }
        if (api === "s3") require("./s3");
    }
}
