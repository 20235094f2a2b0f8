/**
 * Responses: taking a submission (validated against the version it answered, then stored),
 * receipts and deletion, and the lists researchers and the data API read.
 */
export * from './submit';
export * from './receipts';
export * from './listing';
