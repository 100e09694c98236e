/** What AWS would answer, for the offline plan: deterministic fakes. */
import { fakeHex, MOCK_SECRET_PREFIX } from "../mock-values";
import type { ProviderMocks } from "../profile";
import { AWS_TYPES } from "./resources";

export const AWS_MOCKS: ProviderMocks = {
    computedOutputs: {
        [AWS_TYPES.bucket]: (_n, i) => ({
            id: String(i.bucket),
            outputs: { arn: `arn:aws:s3:::${String(i.bucket)}`, bucketDomainName: `${String(i.bucket)}.s3.amazonaws.com` },
        }),
        [AWS_TYPES.user]: (_n, i) => ({
            id: String(i.name),
            outputs: {
                arn: `arn:aws:iam::000000000000:user${String(i.path ?? "/")}${String(i.name)}`,
                uniqueId: `AIDAMOCK${fakeHex(String(i.name), 12).toUpperCase()}`,
            },
        }),
        [AWS_TYPES.policy]: (_n, i) => {
            const arn = `arn:aws:iam::000000000000:policy${String(i.path ?? "/")}${String(i.name)}`;
            return { id: arn, outputs: { arn, policyId: `ANPAMOCK${fakeHex(arn, 12).toUpperCase()}`, attachmentCount: 0 } };
        },
        // The real provider marks `secret` secret (additionalSecretOutputs); the plan's mock runtime does the same.
        [AWS_TYPES.accessKey]: (n) => ({
            id: `MOCKAKID${fakeHex(n, 12).toUpperCase()}`,
            outputs: { secret: `${MOCK_SECRET_PREFIX}-${fakeHex(`secret:${n}`, 32)}` },
        }),
    },
    callResults: {
        [AWS_TYPES.getCallerIdentity]: {
            accountId: "000000000000",
            arn: "arn:aws:iam::000000000000:user/deploy/backup-remotes-deployer",
            userId: "AIDAMOCKDEPLOYER",
            id: "000000000000",
        },
    },
};
