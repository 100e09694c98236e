export { startRgw, RgwUnavailableError, type RgwServer, type S3Keys, type StartOptions } from "./server";
export {
    adminConfigText,
    adminS3,
    createBucket,
    createPlainUser,
    createRoleSession,
    createUser,
    keysUnder,
    s3As,
    s3Outcome,
    type S3Outcome,
    type SessionKeys,
} from "./admin";
export { missingBinaries, INSTALL_HINT } from "./binaries";
export { skipUnlessRgw } from "./availability";
