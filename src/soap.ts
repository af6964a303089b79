/**
 * SuiteTalk SOAP: the tokenPassport signature.
 *
 * @module
 */
export { signTokenPassport } from './token_passport.ts'
export type { TokenPassport, TokenPassportOptions } from './types.ts'
