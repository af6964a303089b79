/**
 * `netsuite-tba keygen`: a private key and a self-signed X.509 certificate for NetSuite's OAuth 2.0
 * Client Credentials (M2M) Setup page. The key file is created with mode 0600.
 *
 * @module
 */
import { chmodSync, statSync, unlinkSync, writeFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { createKeyPairAndCertificate, type CertificateKeyKind } from '../../oauth2/certificate.ts'
import { flag, intOption, parseArgs, stringOption, UsageError, noPositionals } from './args.ts'
import { EXIT_CODES_HELP, type Command } from './command.ts'

const HELP = `Usage: netsuite-tba keygen [--rsa | --curve P-256|P-384|P-521] [--out-dir DIR] [--name NAME]
                           [--days N] [--cn NAME] [--force]

Write a private key (NAME-private.pem, PKCS#8, mode 0600) and a self-signed X.509 certificate
(NAME-certificate.pem) for NetSuite's OAuth 2.0 client credentials (machine-to-machine) grant.
P-256 (ES256) by default; --rsa makes RSA-3072 (PS256). Both meet NetSuite's certificate rules.

Then, in NetSuite: Setup > Integration > Manage Authentication > OAuth 2.0 Client Credentials
(M2M) Setup > Create New: choose the entity, role and application, upload NAME-certificate.pem,
and copy the Certificate ID it shows into NETSUITE_CERTIFICATE_ID. See docs/oauth2.md.

Options:
  --rsa                  RSA-3072 key (PS256) instead of P-256
  --rsa-bits 3072|4096   RSA key size (implies --rsa; default 3072)
  --curve CURVE          P-256 (default), P-384 or P-521
  --out-dir DIR          where to write the files (default: the current directory)
  --name NAME            file name prefix (default netsuite-m2m)
  --days N               validity, 1–730 days (NetSuite's maximum is two years; default 730)
  --cn NAME              the certificate's common name (default "netsuite-tba M2M")
  --force                replace existing files
  --json                 print the file paths and details as JSON
  -h, --help             show this help

${EXIT_CODES_HELP}`

/** The `keygen` command. */
export const keygenCommand: Command = {
  name: 'keygen',
  summary: 'write a key pair and self-signed certificate for OAuth 2.0 M2M (P-256, or --rsa)',
  help: HELP,
  async run(argv, { io, output }) {
    const args = parseArgs(argv, {
      rsa: { type: 'boolean' },
      'rsa-bits': { type: 'string' },
      curve: { type: 'string' },
      'out-dir': { type: 'string' },
      name: { type: 'string' },
      days: { type: 'string' },
      cn: { type: 'string' },
      force: { type: 'boolean' },
      json: { type: 'boolean' },
    })
    noPositionals(args)
    const curve = stringOption(args, 'curve')
    const bits = stringOption(args, 'rsa-bits')
    const rsa = flag(args, 'rsa') || bits !== undefined
    if (rsa && curve !== undefined) throw new UsageError('--rsa and --curve exclude each other')
    if (curve !== undefined && !['P-256', 'P-384', 'P-521'].includes(curve))
      throw new UsageError(
        `--curve must be P-256, P-384 or P-521 (NetSuite's curves), got "${curve}"`,
      )
    if (bits !== undefined && bits !== '3072' && bits !== '4096')
      throw new UsageError(`--rsa-bits must be 3072 or 4096 (NetSuite's sizes), got "${bits}"`)
    const kind = (rsa ? `RSA-${bits ?? '3072'}` : (curve ?? 'P-256')) as CertificateKeyKind
    const name = stringOption(args, 'name') ?? 'netsuite-m2m'
    if (!/^[A-Za-z0-9._-]{1,64}$/.test(name))
      throw new UsageError('--name may use letters, digits, ".", "_" and "-" only')
    const cn = stringOption(args, 'cn')
    if (cn !== undefined && (cn.trim() === '' || cn.length > 64))
      throw new UsageError('--cn must be 1–64 characters')
    const days = intOption(args, 'days', 730, 1, 730)
    const dir = resolve(io.cwd, stringOption(args, 'out-dir') ?? '.')
    const keyPath = resolve(dir, `${name}-private.pem`)
    const certPath = resolve(dir, `${name}-certificate.pem`)
    const force = flag(args, 'force')
    for (const path of [keyPath, certPath]) {
      let exists = true
      try {
        statSync(path)
      } catch {
        exists = false
      }
      if (exists && !force) throw new UsageError(`${path} exists; pass --force to replace it`)
      if (exists) unlinkSync(path)
    }
    const made = await output.progress(`generating ${kind}`, () =>
      createKeyPairAndCertificate({ kind, days, ...(cn === undefined ? {} : { commonName: cn }) }),
    )
    // 'wx': never follow or reuse a file created in between; the mode applies at creation.
    writeFileSync(keyPath, made.privateKeyPem, { mode: 0o600, flag: 'wx' })
    chmodSync(keyPath, 0o600)
    writeFileSync(certPath, made.certificatePem, { mode: 0o644, flag: 'wx' })
    if (flag(args, 'json')) {
      output.out(
        JSON.stringify(
          {
            privateKeyFile: keyPath,
            certificateFile: certPath,
            kind,
            algorithm: made.algorithm,
            notAfter: made.notAfter.toISOString(),
          },
          null,
          2,
        ),
      )
      return 0
    }
    const { c } = output
    output.out(`${c.green('✓')} private key  ${keyPath} ${c.dim('(mode 0600; keep it secret)')}`)
    output.out(
      `${c.green('✓')} certificate  ${certPath} ${c.dim(`(${kind}, ${made.algorithm}, valid until ${made.notAfter.toISOString().slice(0, 10)})`)}`,
    )
    output.out(`
Next, in NetSuite (docs/oauth2.md):
  1. Setup > Integration > Manage Authentication > OAuth 2.0 Client Credentials (M2M) Setup >
     Create New: entity, role, application; upload ${name}-certificate.pem; Save.
  2. Export the values:
     export NETSUITE_CLIENT_ID=…            # the integration record's Client ID
     export NETSUITE_CERTIFICATE_ID=…       # the Certificate ID the M2M set-up page shows
     export NETSUITE_PRIVATE_KEY_FILE=${keyPath}
  3. netsuite-tba token      # checks the set-up and prints an access token`)
    return 0
  },
}
