/**
 * Typed client for Flash's Partner API v4, on got, where every call resolves to a classified outcome.
 *
 * ```ts
 * import { createFlashClient } from '@vendstream/flash-client';
 * const flash = createFlashClient({ baseUrl: 'https://api.flashswitch.flash-group.com', credentials });
 * const outcome = await flash.oneVoucher.purchase({ reference: 'intent-42', accountNumber: '8000000001', amount: 5000 });
 * switch (outcome.kind) {
 *   case 'succeeded': // outcome.response.voucher, outcome.transactionId
 *   case 'declined':  // final: outcome.code, outcome.message
 *   case 'unknown':   // resend the SAME request inside the idempotency window (@vendstream/provider's policy)
 *   case 'not-sent': case 'throttled': case 'mismatch': case 'invalid':
 * }
 * ```
 */
export { createTokenCache, type FetchedToken, type TokenCache, type TokenCacheOptions } from './auth.ts';
export { classifyFlashResponse, type FlashExchange, type TransportFailure } from './classify.ts';
export { createFlashClient, type FlashCallOptions, type FlashClient } from './client.ts';
export {
  DEFAULT_TIMEOUTS,
  type FlashClientOptions,
  type FlashCredentials,
  type FlashTimeouts,
} from './config.ts';
export {
  FlashClientError,
  type FlashClientErrorCode,
  FlashConfigError,
  FlashTokenError,
  FlashValidationError,
  retriableOf,
  type ValidationIssue,
} from './errors.ts';
export {
  type CashOutPinCancelRequest,
  type CashOutPinPurchaseRequest,
  type CellularPinlessPurchaseRequest,
  type CellularPinlessPurchaseResponse,
  type EeziVoucherPurchaseRequest,
  type FieldRule,
  type FieldSpec,
  FLASH_OPERATION_NAMES,
  FLASH_OPERATIONS,
  type FlashMetadata,
  type FlashOperationName,
  type FlashProduct,
  type FlashProductSummary,
  type FlashRequests,
  type FlashResponses,
  type FlashTransactionResponse,
  type FlashVoucher,
  type GiftVoucherPurchaseRequest,
  isFlashOperationName,
  type OneVoucherDisburseRequest,
  type OneVoucherPurchaseRequest,
  type OneVoucherRedeemRequest,
  type OneVoucherRefundRequest,
  type OperationSpec,
  type PrepaidUtilityLookupRequest,
  type PrepaidUtilityLookupResponse,
  type PrepaidUtilityPurchaseRequest,
  type PrepaidUtilityPurchaseResponse,
  type PrepaidUtilityToken,
  type ProductsListRequest,
  type ProductsLookupRequest,
  type ReversalRequest,
  type VoucherResponse,
} from './operations.ts';
export type {
  FlashDeclined,
  FlashErrorBody,
  FlashInvalid,
  FlashMismatch,
  FlashNotSent,
  FlashOutcome,
  FlashOutcomeKind,
  FlashSucceeded,
  FlashThrottled,
  FlashUnknown,
  NotSentReason,
  UnknownReason,
} from './outcome.ts';
export {
  AMBIGUOUS_CODES,
  AUTH_CODES,
  classOfCode,
  DOCUMENTED_CODES,
  type FlashCodeClass,
  MISMATCH_CODE,
  RESUBMIT_CODES,
  THROTTLED_CODES,
  UNAVAILABLE_CODES,
} from './response-codes.ts';
export { assertValidRequest, findRequestIssues } from './validation.ts';
