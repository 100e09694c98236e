export { startRgw, RgwUnavailableError, type RgwServer, type S3Keys, type StartOptions } from "./server";
export { createUser, createBucket, adminS3 } from "./admin";
export { missingBinaries, INSTALL_HINT } from "./binaries";
export { skipUnlessRgw } from "./availability";
