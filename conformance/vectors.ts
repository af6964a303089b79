/**
 * The shared test vectors as modules, so that bundled runtimes (workerd, browsers) need no file
 * system. Provenance stays in the JSON files; see vectors/PROVENANCE.md.
 *
 * @module
 */
import generated from '../vectors/generated_netsuite_hmac_sha256.json' with { type: 'json' }
import impl from '../vectors/impl_test_suite_vectors.json' with { type: 'json' }
import published from '../vectors/netsuite_published_vectors.json' with { type: 'json' }
import soap from '../vectors/soap_token_passport.json' with { type: 'json' }
import spec from '../vectors/spec_vectors.json' with { type: 'json' }

/** One vector case (see vectors/SCHEMA.md). */
export interface VectorCase {
  id: string
  kind: string
  description: string
  input: Record<string, unknown> | null
  expected: Record<string, unknown>
  verification: { status: string }
  [key: string]: unknown
}

/** A vector file. */
export interface VectorFile {
  file: string
  cases: VectorCase[]
}

/** Every vector file, in a stable order. */
export const vectorFiles: VectorFile[] = [
  { file: 'spec_vectors.json', cases: spec.cases as unknown as VectorCase[] },
  { file: 'impl_test_suite_vectors.json', cases: impl.cases as unknown as VectorCase[] },
  { file: 'netsuite_published_vectors.json', cases: published.cases as unknown as VectorCase[] },
  {
    file: 'generated_netsuite_hmac_sha256.json',
    cases: generated.cases as unknown as VectorCase[],
  },
  { file: 'soap_token_passport.json', cases: soap.cases as unknown as VectorCase[] },
]
