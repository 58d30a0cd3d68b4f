// `npm run audit-keys:rotate`: makes a new audit signing key active in DATA_DIR/secret; the retired
// keys' public halves stay, so events they signed keep verifying. Restart the writers afterwards.
import { commonEnv, loadEnvOrExit } from '../platform/config';
import { rotateAuditKeys } from '../platform/audit-keys';

const env = loadEnvOrExit(commonEnv);
if (process.argv[2] !== 'rotate') {
  process.stderr.write('usage: tsx scripts/audit-keys.ts rotate\n');
  process.exit(2);
}
const keyId = await rotateAuditKeys(env.DATA_DIR);
process.stdout.write(
  `Neuer Signaturschlüssel aktiv: ${keyId}. Bitte App und Projektionen neu starten.\n`,
);
