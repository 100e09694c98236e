/**
 * What a failed call most likely was, whichever way it was made (rclone's rc
 * API, the S3 API over aws-lite, B2's native API). Classification lives in cli/shared/error-kind.ts;
 * the provider-specific texts behind it in each provider profile's `probes`.
 */
export { ERROR_KINDS, type ErrorKind, type ErrorSignature } from "../../components/providers/probe-facts";
