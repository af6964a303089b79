/**
 * The error class and codes of NetSuite's answers, as every entry exports them. Internal: the
 * entries re-export this module.
 *
 * @module
 */
export {
  NetSuiteError,
  NetSuiteErrorCodes,
  type NetSuiteErrorCode,
  type NetSuiteErrorDetails,
} from './netsuite_error.ts'
