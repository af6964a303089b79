/**
 * Page through a SuiteQL query from Deno.
 *
 *   deno add npm:netsuite-tba
 *   deno run --allow-env --allow-net examples/deno-suiteql.ts
 *
 * credentialsFromEnv() reads the NETSUITE_* variables through Deno.env (hence --allow-env).
 * NETSUITE_BASE_URL, when set, replaces the account's host (`netsuite-tba simulate` prints one, to
 * try it offline). The same file runs on Node and Bun: `npm run examples -- deno-suiteql`.
 *
 * @needs simulator
 * @expect \d+ customers
 */
import { credentialsFromEnv } from 'netsuite-tba'
import { createRestClient } from 'netsuite-tba/rest'

const g = globalThis as {
  Deno?: { env: { get(name: string): string | undefined } }
  process?: { env: Record<string, string | undefined> }
}
const baseUrl = g.Deno ? g.Deno.env.get('NETSUITE_BASE_URL') : g.process?.env.NETSUITE_BASE_URL

const rest = createRestClient({
  credentials: credentialsFromEnv(),
  ...(baseUrl ? { baseUrl } : {}), // unset: https://<account>.suitetalk.api.netsuite.com
})

// Every page is a signed POST to /services/rest/query/v1/suiteql?limit=…&offset=…; the query goes
// in a JSON body built with JSON.stringify, so quotes and newlines in it are safe.
const query = `
  SELECT id, companyname, email
  FROM customer
  WHERE isinactive = 'F' AND companyname LIKE 'A%'
  ORDER BY id`

let count = 0
for await (const row of rest.suiteql<{ id: string; companyname: string; email: string }>(query, {
  pageSize: 1000,
})) {
  if (count < 5) console.log(row)
  count++
}
console.log(`${count} customers`)
