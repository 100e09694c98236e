import * as outputs from "../types/output";
export interface BucketCorsRule {
    /**
     * If present, this is a list of headers that are allowed in a pre-flight OPTIONS's request's Access-Control-Request-Headers header value.
     */
    allowedHeaders?: string[];
    /**
     * A list specifying which operations the rule allows.
     */
    allowedOperations: string[];
    /**
     * A non-empty list specifying which origins the rule covers.
     */
    allowedOrigins: string[];
    /**
     * A name for humans to recognize the rule in a user interface.
     */
    corsRuleName: string;
    /**
     * If present, this is a list of headers that may be exposed to an application inside the client.
     */
    exposeHeaders?: string[];
    /**
     * This specifies the maximum number of seconds that a browser may cache the response to a preflight request.
     */
    maxAgeSeconds: number;
}
export interface BucketDefaultServerSideEncryption {
    /**
     * Server-side encryption algorithm. AES256 is the only one supported.
     */
    algorithm?: string;
    /**
     * Server-side encryption mode.
     */
    mode?: string;
}
export interface BucketFileLockConfiguration {
    /**
     * Default retention settings for files uploaded to this bucket.
     */
    defaultRetention?: outputs.BucketFileLockConfigurationDefaultRetention;
    /**
     * If present, the boolean value specifies whether bucket is File Lock-enabled. Defaults to `false`. **Modifying this attribute will force creation of a new resource.**
     */
    isFileLockEnabled?: boolean;
}
export interface BucketFileLockConfigurationDefaultRetention {
    /**
     * Default retention mode (compliance|governance|none).
     */
    mode: string;
    /**
     * How long for to make files immutable.
     */
    period?: outputs.BucketFileLockConfigurationDefaultRetentionPeriod;
}
export interface BucketFileLockConfigurationDefaultRetentionPeriod {
    /**
     * Duration.
     */
    duration: number;
    /**
     * Unit for duration (days|years).
     */
    unit: string;
}
export interface BucketLifecycleRule {
    /**
     * It says how long to keep file versions that are not the current version.
     */
    daysFromHidingToDeleting?: number;
    /**
     * It cancels any unfinished large file versions after a given number of days.
     */
    daysFromStartingToCancelingUnfinishedLargeFiles?: number;
    /**
     * It causes files to be hidden automatically after the given number of days.
     */
    daysFromUploadingToHiding?: number;
    /**
     * It specifies which files in the bucket it applies to.
     */
    fileNamePrefix: string;
}
