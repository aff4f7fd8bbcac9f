/**
 * The contract's plain constants, for code in the initial bundle. Importing
 * them from '@/contract/api' would pull zod (~25 KB gzipped) into the first
 * download; the schemas are loaded lazily instead (load-contract.ts).
 * contract-constants.test.ts fails if these drift from the contract.
 */
export const API_PREFIX = '/api/v1';
export const MAX_QUERY_LENGTH = 200;
export const DEFAULT_PAGE_SIZE = 30;
export const MAX_PAGE_SIZE = 100;
export const MAX_REFINEMENTS = 8;
