export { startRgw, RgwUnavailableError, randomKey, type RgwServer, type S3Keys, type StartOptions } from "./server";
export { adminConfigText, adminS3, createBucket, createPlainUser, createRoleSession, createUser, type SessionKeys } from "./admin";
export { missingBinaries, INSTALL_HINT } from "./binaries";
export { skipUnlessRgw } from "./availability";
