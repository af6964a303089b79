/**
 * Read and change a Budget record over SuiteTalk SOAP (budgets are not reachable from
 * SuiteScript's N/record, which is why integrations use SOAP for them).
 *
 *   node --experimental-strip-types examples/soap-budget.ts 1 125000   (Node 22.6+; budget id, amount)
 *   npm run examples -- soap-budget                                    (any Node, on the simulator)
 *
 * SOAP is removed in NetSuite 2028.2 and 2025.2 is the last endpoint; plan the REST migration.
 *
 * @needs simulator
 * @args 1 125000
 * @expect amount before: \d
 * @expect update: ok
 */
import { credentialsFromEnv } from 'netsuite-tba'
import { createSoapClient } from 'netsuite-tba/soap'

const { argv = [], env = {} } =
  (globalThis as { process?: { argv: string[]; env: Record<string, string | undefined> } })
    .process ?? {}
const [budgetId = '1', amount = '125000'] = argv.slice(2)
if (!/^\d+$/.test(budgetId) || !/^\d+(\.\d+)?$/.test(amount)) {
  throw new Error('usage: soap-budget.ts <budget internal id> <amount>')
}

const soap = createSoapClient({
  credentials: credentialsFromEnv(),
  baseUrl: env.NETSUITE_BASE_URL, // unset: https://<account>.suitetalk.api.netsuite.com
  version: '2025_2',
})
const XSI = 'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"'
// Budget is a financial transaction record in the WSDL (transactions.financial.xsd), not an
// accounting list: its namespace is urn:financial_<version>.transactions.webservices.netsuite.com.
const BUDGET_NS = 'urn:financial_2025_2.transactions.webservices.netsuite.com'

// `get`: the body is the operation's children, with the envelope's platformMsgs / platformCore
// prefixes. Every call carries its own freshly signed tokenPassport.
const before = await soap.call(
  'get',
  `<platformMsgs:baseRef ${XSI} type="budget" internalId="${budgetId}" xsi:type="platformCore:RecordRef"/>`,
)
console.log('amount before:', /<(?:\w+:)?amount>([^<]*)</.exec(before)?.[1])

// `update`: set the budget's amount (a write: not retried on network errors).
const after = await soap.call(
  'update',
  `<platformMsgs:record ${XSI} xmlns:tranFin="${BUDGET_NS}"
      xsi:type="tranFin:Budget" internalId="${budgetId}">
    <tranFin:amount>${amount}</tranFin:amount>
  </platformMsgs:record>`,
)
console.log('update:', /isSuccess="true"/.test(after) ? 'ok' : after)
