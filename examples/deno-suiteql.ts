/**
 * Page through a SuiteQL query from Deno.
 *
 *   deno add npm:netsuite-tba
 *   deno run --allow-env --allow-net examples/deno-suiteql.ts
 *
 * credentialsFromEnv() reads the NETSUITE_* variables through Deno.env (hence --allow-env).
 */
import { credentialsFromEnv } from 'netsuite-tba'
import { createRestClient } from 'netsuite-tba/rest'

const rest = createRestClient({ credentials: credentialsFromEnv() })

// Every page is a signed POST to /services/rest/query/v1/suiteql?limit=…&offset=…; the query goes
// in a JSON body built with JSON.stringify, so quotes and newlines in it are safe.
const query = `
  SELECT id, companyname, email
  FROM customer
  WHERE isinactive = 'F' AND companyname LIKE 'A%'
  ORDER BY id`

let count = 0
for await (const row of rest.suiteql(query, { pageSize: 1000 })) {
  if (count < 5) console.log(row)
  count++
}
console.log(`${count} customers`)
